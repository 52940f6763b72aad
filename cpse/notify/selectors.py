"""Reads for the staff message log (a fixed number of queries per page)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, Q, QuerySet

from cpse.notify.models import Notification
from cpse.paths import paths_to


@dataclass(frozen=True)
class LogFilters:
    person: str = ""  # a name or an address, or part of one
    kind: str = ""
    status: str = ""


def message_log(filters: LogFilters) -> QuerySet[Notification]:
    """What was sent to whom, newest first. The body is never loaded: it may carry a link."""
    messages = Notification.objects.select_related("recipient", "resent_by").only(
        "id",
        "kind",
        "category",
        "one_time_link",
        "subject",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "read_at",
        "last_error",
        "to_email",
        "key",
        "recipient__display_name",
        "recipient__email",
        "resent_by__display_name",
    )
    if filters.person:
        term = filters.person.strip()
        messages = messages.filter(
            Q(recipient__display_name__icontains=term)
            | Q(recipient__email__icontains=term)
            | Q(to_email__icontains=term)
        )
    if filters.kind:
        messages = messages.filter(kind=filters.kind)
    if filters.status:
        messages = messages.filter(status=filters.status)
    return messages.order_by("-created_at", "-pk")


def with_resend_paths(messages) -> list[Notification]:
    """A page of the log, each message with `resend_path` (its "send again" page),
    reversed once for the page (`cpse.paths`)."""
    resend_path = paths_to("notify_staff:resend")
    rows = list(messages)
    for message in rows:
        message.resend_path = resend_path(message.pk)
    return rows


def message_kinds() -> list[str]:
    return list(Notification.objects.order_by("kind").values_list("kind", flat=True).distinct())


def message_for_staff(notification_id) -> Notification | None:
    return Notification.objects.select_related("recipient").defer("body").filter(pk=notification_id).first()


def oldest_unsent_due_at(*, now: datetime) -> datetime | None:
    """When the longest-waiting message that is due (waiting or being sent) fell due: the
    outbox's lag for /healthz. Messages held for a weekly summary or a retry later are not
    due yet and do not count."""
    return Notification.objects.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING], next_attempt_at__lte=now
    ).aggregate(oldest=Min("next_attempt_at"))["oldest"]
