"""The reminder schedule when the mail server or Redis (the broker) is down: the messages
wait in the outbox and go once when the service is back."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail

from cpse.notify import reminders, services
from cpse.notify.models import Notification
from tests.faults.test_redis_down import redis_down  # noqa: F401 (a fixture)
from tests.notify.factories import NOW, program_with_reminders_due

MAIL_DOWN = mock.patch(
    "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=smtplib.SMTPServerDisconnected()
)


@pytest.mark.django_db
def test_reminders_written_while_the_mail_server_is_down_wait_and_go_once(
    time_machine, django_capture_on_commit_callbacks
):
    program_with_reminders_due(3)
    time_machine.move_to(NOW)
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        queued = sum(reminders.reminders_run().values())
        assert services.notifications_sweep() == 0
        reminders.reminders_run()  # the next run adds nothing
    assert queued >= 6
    assert mail.outbox == []
    waiting = Notification.objects.all()
    assert waiting.count() == queued
    assert {n.status for n in waiting} == {Notification.Status.PENDING}
    assert {n.last_error for n in waiting} == {"SMTPServerDisconnected"}

    later = NOW + datetime.timedelta(hours=2)
    time_machine.move_to(later)
    assert services.notifications_sweep(now=later) == queued
    assert services.notifications_sweep(now=later + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == queued
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == queued


@pytest.mark.django_db
def test_reminders_written_while_redis_is_down_wait_for_the_sweep(
    redis_down,  # noqa: F811
    time_machine,
    django_capture_on_commit_callbacks,
):
    program_with_reminders_due(2)
    time_machine.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        queued = sum(reminders.reminders_run().values())  # the sweep task cannot be queued
    assert queued >= 4
    assert mail.outbox == []
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.PENDING}
    # Redis is back: beat's sweep delivers them, once.
    assert services.notifications_sweep(now=NOW + datetime.timedelta(minutes=1)) == queued
    assert services.notifications_sweep(now=NOW + datetime.timedelta(minutes=2)) == 0
    assert len(mail.outbox) == queued
