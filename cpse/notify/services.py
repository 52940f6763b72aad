"""The outbox: every message to a person is first a row, then a Celery task delivers it.

An email, broker or worker failure delays a message; it never loses one or sends one
twice (SECURITY.md, Reliability).
"""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cpse import data_rights
from cpse.notify.models import Notification

logger = logging.getLogger(__name__)

# A claim older than this is taken to belong to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=15)


def _enqueue(notification_id) -> None:
    from cpse.notify import tasks

    try:
        tasks.deliver.delay(str(notification_id))
    except Exception as exc:  # the broker is down: beat's sweep delivers it later
        logger.warning(
            "notification %s not queued (%s); the sweep will deliver it", notification_id, type(exc).__name__
        )


def notification_queue(
    *,
    kind: str,
    key: str,
    recipient=None,
    to_email: str = "",
    context: dict | None = None,
    deliver_at: datetime | None = None,
) -> Notification:
    """Write a message for `recipient` (or `to_email`) once per `key` and queue it on commit.

    The text comes from templates/notify/<kind>.subject.txt and .body.txt, rendered now in
    the person's language. Calling again with the same key returns the first row.
    """
    language = (recipient.preferred_language if recipient else "") or settings.LANGUAGE_CODE
    context = {
        "site_url": settings.SITE_URL,
        "program_name": settings.PROGRAM_NAME,
        "PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL,
        **(context or {}),
    }
    with translation.override(language):
        subject = render_to_string(f"notify/{kind}.subject.txt", context).strip()
        body = render_to_string(f"notify/{kind}.body.txt", context).strip() + "\n"
    return _store(
        kind=kind,
        key=key,
        recipient=recipient,
        to_email=to_email,
        language=language,
        subject=subject,
        body=body,
        deliver_at=deliver_at,
    )


def notification_queue_rendered(
    *, kind: str, key: str, recipient, to_email: str, subject: str, body: str
) -> Notification:
    """Queue a message whose text was rendered elsewhere (allauth's account emails)."""
    language = (
        (recipient.preferred_language if recipient else "") or translation.get_language() or settings.LANGUAGE_CODE
    )
    return _store(
        kind=kind,
        key=key,
        recipient=recipient,
        to_email=to_email,
        language=language,
        subject=subject,
        body=body,
        deliver_at=None,
    )


def _store(*, kind, key, recipient, to_email, language, subject, body, deliver_at) -> Notification:
    if recipient is None and not to_email:
        raise ValueError("A notification needs a recipient or an email address")
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                key=key,
                defaults={
                    "recipient": recipient,
                    "to_email": "" if recipient else to_email,
                    "kind": kind,
                    "language": language,
                    "subject": subject[:200],
                    "body": body,
                    "next_attempt_at": deliver_at or timezone.now(),
                },
            )
    except IntegrityError:  # another process wrote the same key a moment ago
        notification, created = Notification.objects.get(key=key), False
    # Callers that sweep (reminders) count what this call added.
    notification.created_now = created
    if created and notification.next_attempt_at <= timezone.now():
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _retry_delay(attempts: int) -> timedelta:
    base = settings.NOTIFY_RETRY_BASE_SECONDS * (2 ** min(attempts - 1, 8))
    return timedelta(seconds=base + random.uniform(0, base / 2))


def notification_deliver(*, notification_id, now: datetime | None = None) -> bool:
    """Send one due message. Returns True when this call sent it.

    The claim is a conditional update, so two workers (or a task and the sweep) racing
    for the same row send it once.
    """
    now = now or timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        address = notification.address
        if not address or (notification.recipient_id and not notification.recipient.is_active):
            Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.CANCELLED)
            return False
        EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        ).send()
    except Exception as exc:
        gave_up = notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
            next_attempt_at=now + _retry_delay(notification.attempts),
            last_error=type(exc).__name__,
        )
        logger.warning(
            "notification %s not sent (attempt %s): %s", notification.pk, notification.attempts, type(exc).__name__
        )
        return False
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def notifications_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Deliver every due message that no task delivered (broker down, worker stopped,
    mail server failing). Run by beat every minute. Returns how many were sent."""
    now = now or timezone.now()
    Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Notification.Status.PENDING
    )
    due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )
    sent = 0
    for notification_id in due.values_list("pk", flat=True)[:limit]:
        sent += notification_deliver(notification_id=notification_id, now=now)
    return sent


def export_messages(user) -> list[dict]:
    return [
        {"created": n.created_at, "subject": n.subject, "status": n.get_status_display(), "sent": n.sent_at}
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ]


def erase_messages(user) -> None:
    Notification.objects.filter(recipient=user).delete()


def purge_delivered_messages(now: datetime, dry_run: bool) -> int:
    """Messages that were sent, given up on or cancelled, after RETENTION_NOTIFICATION_DAYS."""
    done = Notification.objects.filter(
        status__in=[Notification.Status.SENT, Notification.Status.FAILED, Notification.Status.CANCELLED],
        created_at__lt=now - timedelta(days=settings.RETENTION_NOTIFICATION_DAYS),
    )
    return data_rights.purge(done, dry_run=dry_run)
