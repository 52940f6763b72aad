"""Settings read the environment and fail loudly; production refuses unsafe defaults."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from cpse.env import ImproperSetting, envbool, envchoice, envint, envlist, envstr

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        CPSE_ENV="production",
        DJANGO_SETTINGS_MODULE="cpse.settings",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-for-tests",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        OPEN_BADGES_SIGNING_KEY=base64.b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="cpse.example.org",
        CPSE_VAR_DIR=str(ROOT / "var" / "test-production"),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_checklist_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"FIELD_ENCRYPTION_KEYS": None}, "FIELD_ENCRYPTION_KEYS"),
        ({"OPEN_BADGES_SIGNING_KEY": None}, "OPEN_BADGES_SIGNING_KEY"),
        ({"OPEN_BADGES_SIGNING_KEY": "not-a-key"}, "OPEN_BADGES_SIGNING_KEY must be 32 bytes"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"DEBUG": "true"}, "DEBUG"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"CPSE_ENV": "prod"}, "CPSE_ENV must be one of"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(override, message):
    result = manage("check", env=production_env(**override))
    assert result.returncode != 0
    assert message in result.stderr


def test_env_helpers_fail_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "yes")
    assert envbool("X_BOOL", False) is True
    monkeypatch.setenv("X_BOOL", "nope")
    with pytest.raises(ImproperSetting):
        envbool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "12")
    assert envint("X_INT", 1) == 12
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperSetting):
        envint("X_INT", 1)
    monkeypatch.setenv("X_INT", "-3")
    with pytest.raises(ImproperSetting):
        envint("X_INT", 1, minimum=0)
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert envlist("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_CHOICE", "blue")
    with pytest.raises(ImproperSetting):
        envchoice("X_CHOICE", "red", {"red", "green"})
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret_file))
    assert envstr("X_SECRET") == "from-a-file"


def test_local_defaults_need_nothing_set():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CPSE_ENV", "SECRET_KEY"}}
    env["DJANGO_SETTINGS_MODULE"] = "cpse.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://", "True"]
