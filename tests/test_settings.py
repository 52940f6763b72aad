"""Settings read the environment and fail loudly; production refuses unsafe defaults."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from cpse.env import ImproperSetting, envbool, envchoice, envint, envlist, envstr

pytestmark = pytest.mark.slow  # many start manage.py or Python with other settings

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


def debug_off_env(**overrides) -> dict[str, str]:
    """DEBUG=0 and the keys production requires, nothing else: no CPSE_ENV."""
    return production_env(CPSE_ENV=None, DEBUG="0", **overrides)


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def read_settings(env, *names) -> dict:
    """The named settings as loaded in a fresh process with `env`."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


HTTPS_SETTINGS = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL",
)


def test_deploy_checklist_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_alone_is_production_safe():
    """Forgetting CPSE_ENV=production never leaves a deployment on plain HTTP."""
    env = debug_off_env()
    assert "CPSE_ENV" not in env
    assert read_settings(env, "MFA_TRUST_COOKIE_SECURE", *HTTPS_SETTINGS) == {
        "MFA_TRUST_COOKIE_SECURE": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "https",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"FIELD_ENCRYPTION_KEYS": None}, "FIELD_ENCRYPTION_KEYS"),
        ({"OPEN_BADGES_SIGNING_KEY": None}, "OPEN_BADGES_SIGNING_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
    ],
)
def test_debug_off_refuses_the_development_secrets(override, message):
    result = manage("check", env=debug_off_env(**override))
    assert result.returncode != 0
    assert message in result.stderr


def test_plain_http_with_debug_off_is_an_explicit_opt_out():
    """ALLOW_PLAIN_HTTP=1: a local try-out over http://, with the development keys."""
    env = debug_off_env(
        ALLOW_PLAIN_HTTP="1",
        SECRET_KEY=None,
        FIELD_ENCRYPTION_KEYS=None,
        OPEN_BADGES_SIGNING_KEY=None,
        ALLOWED_HOSTS=None,
    )
    assert read_settings(env, "DEBUG", *HTTPS_SETTINGS) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "http",
    }


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"ALLOW_PLAIN_HTTP": "1"}, "ALLOW_PLAIN_HTTP"),
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
    loaded = read_settings(env, "DATABASES", "CELERY_BROKER_URL", "DEBUG", "SESSION_COOKIE_SECURE")
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["CELERY_BROKER_URL"] == "filesystem://"
    # `make run`: DEBUG on, plain http://127.0.0.1:8000 works.
    assert loaded["DEBUG"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(("max_age", "kept"), [(None, True), ("0", False)])
def test_a_process_keeps_its_sqlite_connection_between_requests(tmp_path, max_age, kept):
    """A new SQLite connection reads the whole schema again on its first query: the web
    process keeps its connection from one request to the next, as on PostgreSQL, unless
    DATABASE_CONN_MAX_AGE=0 asks for one per request."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CPSE_ENV"}}
    env |= {"DJANGO_SETTINGS_MODULE": "cpse.settings", "CPSE_VAR_DIR": str(tmp_path)}
    if max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = max_age
    code = (
        "import django; django.setup(); "
        "from django.core.signals import request_finished, request_started; "
        "from django.db import connection; "
        "request_started.send(None); connection.ensure_connection(); first = connection.connection; "
        "request_finished.send(None); request_started.send(None); connection.ensure_connection(); "
        "print(connection.vendor, connection.connection is first)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", str(kept)]


def test_links_in_emails_follow_the_port_the_site_is_served_on():
    """`CPSE_PORT=8001 make run` serves on 8001: the emails' links say 8001 too, unless
    SITE_URL names the address."""
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "CPSE_PORT", "DJANGO_SETTINGS_MODULE"}}
    env["DJANGO_SETTINGS_MODULE"] = "cpse.settings"
    assert read_settings(env, "SITE_URL") == {"SITE_URL": "http://127.0.0.1:8000"}
    assert read_settings({**env, "CPSE_PORT": "8001"}, "SITE_URL") == {"SITE_URL": "http://127.0.0.1:8001"}
    named = {**env, "CPSE_PORT": "8001", "SITE_URL": "https://cpse.example.org/"}
    assert read_settings(named, "SITE_URL") == {"SITE_URL": "https://cpse.example.org"}
