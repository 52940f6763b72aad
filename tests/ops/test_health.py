"""/healthz: what it checks, that it names the failing part, and that it stays cheap."""

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from cpse.access_log import RedactingLogger
from cpse.notify.models import Notification
from cpse.ops import health, probe, tasks
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def beat_checked(settings):
    settings.HEALTH_BEAT_MAX_AGE = 300
    tasks.heartbeat()


def _healthz(client):
    return client.get(reverse("ops:healthz"))


def test_healthy_with_every_part_and_no_personal_data(client, beat_checked):
    response = _healthz(client)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "outbox", "beat"}
    assert set(body) == {"status", "failing", "checks", "oldest_unsent_message_seconds", "last_beat_seconds_ago"}
    assert 0 <= body["last_beat_seconds_ago"] <= 60
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_no_session_is_made_or_read_and_a_few_queries(client, beat_checked):
    with count_queries() as queries:
        response = _healthz(client)
    assert response.status_code == 200
    assert not response.cookies, "healthz must not set a cookie"
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    # SELECT 1 and the outbox's one aggregate (the cache is in memory or Redis in tests).
    assert len(queries.captured_queries) <= 4


@pytest.mark.parametrize(
    ("part", "patch"),
    [
        ("database", lambda: mock.patch.object(health, "_database", side_effect=OperationalError("down"))),
        ("cache", lambda: mock.patch.object(health.cache, "get", return_value=None)),
        ("broker", lambda: mock.patch("cpse.celery.app.connection_for_write", side_effect=OSError("refused"))),
    ],
)
def test_503_names_the_part_that_is_down(client, beat_checked, part, patch):
    with patch():
        response = _healthz(client)
    assert response.status_code == 503
    body = response.json()
    assert part in body["failing"]
    assert body["status"] == "failing"
    # The exception's words never reach the answer.
    assert "down" not in response.content.decode() and "refused" not in response.content.decode()


def test_a_real_database_error_is_caught(client, beat_checked):
    with mock.patch.object(health.connection, "cursor", side_effect=OperationalError("no route to db.internal")):
        response = _healthz(client)
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing (OperationalError)"


def test_outbox_fails_when_a_due_message_waited_too_long(client, beat_checked, settings):
    now = timezone.now()
    waited = datetime.timedelta(seconds=settings.HEALTH_OUTBOX_MAX_AGE + 60)
    Notification.objects.create(
        to_email="someone@example.org",
        kind="test",
        key="health-test",
        language="en",
        subject="A message",
        body="x",
        next_attempt_at=now - waited,
    )
    response = _healthz(client)
    assert response.status_code == 503
    assert response.json()["failing"] == ["outbox"]
    assert response.json()["oldest_unsent_message_seconds"] >= waited.total_seconds()
    assert "someone@example.org" not in response.content.decode()


def test_a_message_waiting_for_a_later_retry_is_not_lag(client, beat_checked):
    Notification.objects.create(
        to_email="someone@example.org",
        kind="test",
        key="health-test-later",
        language="en",
        subject="A message",
        body="x",
        created_at=timezone.now() - datetime.timedelta(days=2),
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
    )
    response = _healthz(client)
    assert response.status_code == 200
    assert response.json()["oldest_unsent_message_seconds"] == 0


def test_beat_fails_without_a_heartbeat_and_with_an_old_one(client, settings):
    settings.HEALTH_BEAT_MAX_AGE = 300
    health.cache.delete(health.BEAT_HEARTBEAT_KEY)
    response = _healthz(client)
    assert response.status_code == 503 and response.json()["failing"] == ["beat"]
    health.beat_heartbeat_record(now=timezone.now() - datetime.timedelta(seconds=301))
    response = _healthz(client)
    assert response.status_code == 503 and response.json()["checks"]["beat"] == "last run too long ago"
    tasks.heartbeat()
    assert _healthz(client).status_code == 200


def test_the_heartbeat_is_on_beats_schedule(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.heartbeat.name in tasks_scheduled
    every = next(e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.heartbeat.name)
    # At least three beats within the allowed age.
    assert every * 3 <= 300


def test_only_get(client):
    assert client.post(reverse("ops:healthz")).status_code == 405


def test_gunicorn_does_not_log_the_probe():
    logger = RedactingLogger.__new__(RedactingLogger)
    calls = []
    with mock.patch("gunicorn.glogging.Logger.access", side_effect=lambda *args: calls.append(args)):
        logger.access(None, None, {"PATH_INFO": "/healthz"}, None)
        assert calls == []
        logger.access(None, None, {"PATH_INFO": "/staff/"}, None)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("allowed", "host"),
    [("cpse.example.org,www.cpse.example.org", "cpse.example.org"), (".example.org", "example.org"), ("", "localhost")],
)
def test_the_compose_probe_sends_an_allowed_host(allowed, host):
    assert probe.probe_host(allowed) == host


def test_the_probe_passes_through_production_checks(client, beat_checked, settings):
    """What the probe sends gets past ALLOWED_HOSTS and the HTTPS redirect of a deployment."""
    settings.ALLOWED_HOSTS = ["cpse.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(
        reverse("ops:healthz"), HTTP_HOST=probe.probe_host("cpse.example.org"), HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 200
