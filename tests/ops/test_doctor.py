"""`manage.py doctor`: dangerous settings are named and make it exit non-zero."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from cpse.ops import backup
from cpse.ops.doctor import DANGER, OK, WARN, doctor_findings


@pytest.fixture
def deployed(settings, tmp_path):
    """A deployment that passes: real keys, HTTPS, SMTP, a fresh backup."""
    settings.DEBUG = False
    settings.DEPLOYED = True
    settings.SECRET_KEY = "s" * 60
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
    settings.OPEN_BADGES_SIGNING_KEY = "b" * 44
    settings.SITE_URL = "https://cpse.example.org"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.org"
    settings.EMAIL_USE_TLS = True
    settings.SENTRY_DSN = "https://public@sentry.example.org/1"
    settings.BACKUP_DIR = tmp_path
    folder = tmp_path / f"{backup.FOLDER_PREFIX}20270101T000000Z"
    folder.mkdir()
    (folder / backup.MANIFEST).write_text('{"created_at": "2099-01-01T00:00:00+00:00"}')
    return settings


def _levels(findings) -> dict[str, set[str]]:
    levels: dict[str, set[str]] = {}
    for finding in findings:
        levels.setdefault(finding.topic, set()).add(finding.level)
    return levels


def test_a_sound_deployment_has_no_warning(deployed):
    findings = doctor_findings()
    assert {finding.level for finding in findings} == {OK}, findings
    assert {"keys", "site", "proxy", "email", "time zone", "backups", "errors"} <= set(_levels(findings))


@pytest.mark.parametrize(
    ("change", "topic"),
    [
        (lambda s: setattr(s, "FIELD_ENCRYPTION_KEYS", [s.FIELD_ENCRYPTION_KEYS[0]] * 2), "keys"),
        (lambda s: setattr(s, "FIELD_ENCRYPTION_KEYS", ["not-a-key"]), "keys"),
        (lambda s: setattr(s, "OPEN_BADGES_SIGNING_KEY", s.SECRET_KEY), "keys"),
        (lambda s: setattr(s, "SECRET_KEY", s.DEVELOPMENT_SECRET_KEY), "keys"),
        (lambda s: setattr(s, "SITE_URL", "http://cpse.example.org"), "site"),
        (lambda s: setattr(s, "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"), "email"),
        (lambda s: setattr(s, "TIME_ZONE", "Mars/Olympus_Mons"), "time zone"),
        (lambda s: setattr(s, "BACKUP_DIR", s.BACKUP_DIR / "none"), "backups"),
    ],
)
def test_a_dangerous_setting_is_named_and_fails_the_command(deployed, change, topic):
    change(deployed)
    assert DANGER in _levels(doctor_findings())[topic]
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("doctor", stdout=out, stderr=io.StringIO())
    assert exited.value.code == 1
    assert f"DANGER {topic}:" in out.getvalue()


def test_worth_a_look_but_not_dangerous(deployed):
    deployed.TRUSTED_PROXY_COUNT = 0
    deployed.SENTRY_DSN = ""
    levels = _levels(doctor_findings())
    assert levels["proxy"] == {WARN} and levels["errors"] == {WARN}
    call_command("doctor", stdout=io.StringIO())


def test_no_secret_value_is_printed(deployed):
    out = io.StringIO()
    call_command("doctor", stdout=out)
    for secret in (deployed.SECRET_KEY, *deployed.FIELD_ENCRYPTION_KEYS, deployed.OPEN_BADGES_SIGNING_KEY):
        assert secret not in out.getvalue()
    assert "public@" not in out.getvalue()
