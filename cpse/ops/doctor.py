"""`manage.py doctor`: the configuration a deployer must check, in one list.

Rules chosen here: each finding is OK, WARN (worth a look) or DANGER (people's data or
messages are at risk: the command then exits non-zero). Findings name settings, never
their values: the output can be pasted into a ticket.
"""

import datetime
import json
import zoneinfo
from dataclasses import dataclass

from cryptography.fernet import Fernet
from django.conf import settings
from django.utils import timezone

from cpse.ops.backup import MANIFEST, latest_backup

OK, WARN, DANGER = "OK", "WARN", "DANGER"
BACKUP_MAX_AGE = datetime.timedelta(hours=36)


@dataclass(frozen=True)
class Finding:
    level: str
    topic: str
    text: str


def _keys() -> list[Finding]:
    findings = []
    field_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    try:
        for key in field_keys:
            Fernet(key.encode())
    except ValueError:
        findings.append(Finding(DANGER, "keys", "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key"))
    if len(set(field_keys)) != len(field_keys):
        findings.append(Finding(DANGER, "keys", "FIELD_ENCRYPTION_KEYS lists the same key twice"))
    development = {
        "SECRET_KEY": settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": settings.DEVELOPMENT_FIELD_KEY in field_keys,
        "OPEN_BADGES_SIGNING_KEY": settings.OPEN_BADGES_SIGNING_KEY == settings.DEVELOPMENT_BADGE_KEY,
    }
    for name, is_development in development.items():
        if is_development:
            level = DANGER if not settings.DEBUG else WARN
            findings.append(Finding(level, "keys", f"{name} is the development key"))
    secrets = [settings.SECRET_KEY, *field_keys, settings.OPEN_BADGES_SIGNING_KEY]
    if len(set(secrets)) != len(secrets):
        findings.append(Finding(DANGER, "keys", "SECRET_KEY, the field keys and the badge key must all differ"))
    if not any(f.level != OK for f in findings):
        findings.append(
            Finding(OK, "keys", f"SECRET_KEY, {len(field_keys)} field key(s) and the badge key are set and distinct")
        )
    return findings


def _site() -> list[Finding]:
    findings = []
    if settings.DEBUG:
        findings.append(Finding(DANGER if settings.PRODUCTION else WARN, "site", "DEBUG is on"))
    if settings.ALLOW_PLAIN_HTTP:
        findings.append(Finding(DANGER, "site", "ALLOW_PLAIN_HTTP is on: never with real data"))
    if settings.DEPLOYED and not settings.SITE_URL.startswith("https://"):
        findings.append(Finding(DANGER, "site", "SITE_URL is not https: links in emails would be plain HTTP"))
    if not findings:
        findings.append(Finding(OK, "site", f"DEBUG is off; SITE_URL is {settings.SITE_URL}"))
    proxies = settings.TRUSTED_PROXY_COUNT
    if settings.DEPLOYED and proxies == 0:
        findings.append(
            Finding(WARN, "proxy", "TRUSTED_PROXY_COUNT is 0: behind a proxy, sign-in limits count the proxy")
        )
    else:
        findings.append(Finding(OK, "proxy", f"TRUSTED_PROXY_COUNT is {proxies}"))
    return findings


def _email() -> list[Finding]:
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend != "smtp":
        level = DANGER if settings.DEPLOYED else WARN
        return [Finding(level, "email", f"EMAIL_DELIVERY is {backend}: messages never reach people")]
    if settings.EMAIL_HOST in ("localhost", "127.0.0.1") and settings.DEPLOYED:
        return [Finding(WARN, "email", "EMAIL_HOST is this machine: is a mail server running here?")]
    tls = "with TLS" if settings.EMAIL_USE_TLS else "without TLS"
    return [Finding(OK if settings.EMAIL_USE_TLS else WARN, "email", f"SMTP on port {settings.EMAIL_PORT}, {tls}")]


def _time_zone() -> list[Finding]:
    try:
        zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return [Finding(DANGER, "time zone", f"TIME_ZONE {settings.TIME_ZONE!r} is not a known zone")]
    return [Finding(OK, "time zone", f"TIME_ZONE is {settings.TIME_ZONE} (dates and reminders follow it)")]


def _backups(now: datetime.datetime) -> list[Finding]:
    latest = latest_backup()
    if latest is None:
        level = DANGER if settings.DEPLOYED else WARN
        return [Finding(level, "backups", f"no backup in BACKUP_DIR ({settings.BACKUP_DIR}): run `manage.py backup`")]
    created = datetime.datetime.fromisoformat(json.loads((latest / MANIFEST).read_text())["created_at"])
    if now - created > BACKUP_MAX_AGE:
        return [Finding(WARN, "backups", f"the newest backup is {(now - created).days} day(s) old")]
    return [
        Finding(
            OK, "backups", f"the newest backup is from {created:%Y-%m-%d %H:%M} UTC, keeping {settings.BACKUP_KEEP}"
        )
    ]


def _errors() -> list[Finding]:
    if settings.SENTRY_DSN:
        return [Finding(OK, "errors", "SENTRY_DSN is set: errors reach Sentry, personal data scrubbed")]
    return [Finding(WARN if settings.DEPLOYED else OK, "errors", "SENTRY_DSN is not set: errors go to the logs only")]


def doctor_findings(*, now: datetime.datetime | None = None) -> list[Finding]:
    now = now or timezone.now()
    return [*_keys(), *_site(), *_email(), *_time_zone(), *_backups(now), *_errors()]
