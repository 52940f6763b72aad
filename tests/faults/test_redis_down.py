"""Redis down (cache and broker): pages keep working, actions are kept, messages wait."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import totp_code_now
from cpse.celery import app as celery_app
from cpse.notify import services
from cpse.notify.models import Notification
from tests.conftest import TOTP_SECRET, reset_broker_connections
from tests.factories import PASSWORD

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cpse.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # (Django's setting_changed handler drops the old cache objects.)
    saved = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")}
    celery_app.conf.update(task_always_eager=False, broker_url=DEAD_REDIS, broker_transport_options={})
    reset_broker_connections()
    yield
    celery_app.conf.update(saved)
    reset_broker_connections()


def test_a_counter_counts_from_nothing_while_redis_is_down(redis_down):
    from django.core.cache import cache

    assert cache.incr("ratelimit:rehearsal:key", 3) == 3
    assert cache.incr("ratelimit:rehearsal:key") == 1


@pytest.mark.django_db
def test_signing_in_works_while_redis_is_down(client, redis_down, program_staff):
    started = time.monotonic()
    response = client.post(reverse("account_login"), {"login": program_staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_now(TOTP_SECRET)})
    assert response["Location"] == reverse("accounts:start")
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert time.monotonic() - started < 15


@pytest.mark.django_db
def test_a_message_written_while_redis_is_down_waits_and_goes_once(
    applicant, redis_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notification_queue(kind="new_message", key="redis-down", recipient=applicant)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == []
    # Redis is back; beat's sweep delivers what could not be queued, once.
    assert services.notifications_sweep() == 1
    assert services.notifications_sweep() == 0
    assert len(mail.outbox) == 1
