import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from cpse.notify import services
from cpse.notify.models import Notification
from tests.factories import UserFactory


def queue(user, key="k1", **kwargs):
    return services.notification_queue(
        kind="new_message", key=key, recipient=user, context={"path": "/my-program/"}, **kwargs
    )


@pytest.mark.django_db
def test_a_message_is_a_row_then_sent_once_on_commit(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(applicant)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.subject == "You have a new message"
    assert "http://127.0.0.1:8000/my-program/" in message.body


@pytest.mark.django_db
def test_the_same_key_makes_one_message(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(applicant)
        second = queue(applicant)
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nothing_is_queued_when_the_action_rolls_back(applicant, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue(applicant)
        raise RuntimeError("the action failed")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_messages_carry_no_personal_detail(django_capture_on_commit_callbacks):
    person = UserFactory(display_name="Zora Quintana", email="zora@example.org", safe_contact_note="after 6pm only")
    with django_capture_on_commit_callbacks(execute=True):
        queue(person)
    message = mail.outbox[0]
    for text in (message.subject, message.body):
        assert "Zora" not in text
        assert "Quintana" not in text
        assert "6pm" not in text


@pytest.mark.django_db
def test_the_message_is_written_in_the_persons_language(django_capture_on_commit_callbacks):
    person = UserFactory(preferred_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        queue(person)
    assert mail.outbox[0].subject == "Tiene un mensaje nuevo"


@pytest.mark.django_db
def test_a_mail_server_failure_delays_the_message_and_the_sweep_sends_it_once(
    applicant, django_capture_on_commit_callbacks
):
    failing_mail = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=smtplib.SMTPServerDisconnected()
    )
    with failing_mail, django_capture_on_commit_callbacks(execute=True):
        notification = queue(applicant)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert notification.last_error == "SMTPServerDisconnected"
    assert notification.next_attempt_at > timezone.now()
    assert mail.outbox == []

    # Not due yet: the sweep leaves it alone.
    assert services.notifications_sweep() == 0
    later = notification.next_attempt_at + datetime.timedelta(seconds=1)
    assert services.notifications_sweep(now=later) == 1
    assert services.notifications_sweep(now=later + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


@pytest.mark.django_db
def test_retries_back_off_then_give_up(applicant, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    notification = queue(applicant)
    now = timezone.now()
    delays = []
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError()):
        for _ in range(3):
            services.notification_deliver(notification_id=notification.pk, now=now)
            notification.refresh_from_db()
            delays.append(notification.next_attempt_at - now)
            now = notification.next_attempt_at
    assert delays[0] < delays[1]
    assert notification.status == Notification.Status.FAILED
    assert services.notifications_sweep(now=now + datetime.timedelta(days=1)) == 0


@pytest.mark.django_db
def test_a_broker_that_is_down_loses_nothing(applicant, django_capture_on_commit_callbacks):
    broker_down = mock.patch("cpse.notify.tasks.deliver.delay", side_effect=ConnectionRefusedError())
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        notification = queue(applicant)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == []
    assert services.notifications_sweep() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_two_deliveries_racing_send_once(applicant):
    notification = queue(applicant)
    assert services.notification_deliver(notification_id=notification.pk) is True
    assert services.notification_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_is_picked_up_again(applicant):
    notification = queue(applicant)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.SENDING, claimed_at=long_ago)
    assert services.notifications_sweep() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_claim_is_stale_after_notify_stale_claim_seconds(applicant, settings):
    settings.NOTIFY_STALE_CLAIM_SECONDS = 20
    notification = queue(applicant)
    claimed = Notification.objects.filter(pk=notification.pk)
    claimed.update(status=Notification.Status.SENDING, claimed_at=timezone.now() - datetime.timedelta(seconds=10))
    assert services.notifications_sweep() == 0  # a worker may still be sending it
    claimed.update(claimed_at=timezone.now() - datetime.timedelta(seconds=30))
    assert services.notifications_sweep() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_messages_to_deactivated_people_are_cancelled(applicant):
    notification = queue(applicant)
    applicant.is_active = False
    applicant.save()
    assert services.notification_deliver(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == Notification.Status.CANCELLED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_message_needs_an_address():
    with pytest.raises(ValueError):
        services.notification_queue(kind="new_message", key="x")


@pytest.mark.django_db
def test_a_later_delivery_time_waits_for_the_sweep(applicant, django_capture_on_commit_callbacks):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        queue(applicant, deliver_at=tomorrow)
    assert mail.outbox == []
    assert services.notifications_sweep(now=tomorrow) == 1


@pytest.mark.django_db
def test_the_body_is_encrypted_at_rest(applicant):
    from django.db import connection

    notification = queue(applicant)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body FROM notify_notification WHERE id = %s",
            [notification.pk.hex if connection.vendor == "sqlite" else notification.pk],
        )
        (raw,) = cursor.fetchone()
    assert "my-program" not in raw
    assert raw.startswith("gAAAA")
