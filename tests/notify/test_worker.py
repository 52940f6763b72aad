"""A message written while the worker is down is delivered exactly once when it runs.

Uses a real Celery worker (in a thread) on the real broker: the file broker on SQLite
runs, Redis when REDIS_URL is set. While the worker runs, the test waits on the mail outbox
(memory), not on the table: the test database on SQLite is one in-memory database shared
between threads, where a read in this thread during the worker's write makes that write
fail at once ("database table is locked") instead of waiting as a file database does.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from cpse.celery import app as celery_app
from cpse.notify import services
from cpse.notify.models import Notification
from tests.conftest import reset_broker_connections
from tests.factories import UserFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def real_broker(tmp_path):
    """Celery as in production (not eager): a broker folder of this test's own, or Redis."""
    saved = {
        key: celery_app.conf[key]
        for key in ("task_always_eager", "broker_url", "broker_transport_options", "task_default_queue")
    }
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    if not settings.REDIS_URL:
        for sub in ("queue", "processed", "control"):
            (tmp_path / sub).mkdir()
        options.update(
            data_folder_in=str(tmp_path / "queue"),
            data_folder_out=str(tmp_path / "queue"),
            processed_folder=str(tmp_path / "processed"),
            control_folder=str(tmp_path / "control"),
        )
    reset_broker_connections()
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=settings.CELERY_BROKER_URL,
        broker_transport_options=options,
    )
    yield celery_app
    reset_broker_connections()
    celery_app.conf.update(saved)


def _wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_message_queued_while_the_worker_is_down_is_delivered_once(real_broker):
    person = UserFactory()
    # The action commits; the task waits in the broker because no worker runs.
    notification = services.notification_queue(kind="new_message", key="worker-down", recipient=person)
    time.sleep(0.3)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == []

    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        assert _wait_for(lambda: len(mail.outbox) == 1)

    # The worker has stopped, after finishing the task it was running.
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    # Beat's sweep afterwards finds nothing left to send.
    assert services.notifications_sweep() == 0
    assert len(mail.outbox) == 1
