"""Reminders about hours, queued through the outbox (`cpse.notify`). Beat may run them
as often as it likes: each message has a key per person and period, so it goes once.
Messages carry no names, hours or reflections: they say there is something to look at."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from cohorts.models import Cohort, Participant
from cpse.notify.models import Notification
from cpse.notify.services import notification_queue
from requirements_tracking import selectors

BEHIND_KIND = "hours_behind"
# A gentle note, not a drumbeat: at most one in this many days per person.
BEHIND_EVERY_DAYS = 7


def hours_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Once a day, from HOURS_DIGEST_HOUR local time, tell each program staff member that
    hours are waiting for review (nothing when none are)."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.HOURS_DIGEST_HOUR:
        return 0
    waiting = selectors.entries_awaiting_review().count()
    if not waiting:
        return 0
    sent = 0
    for staff in User.objects.filter(groups__name=Role.PROGRAM_STAFF, is_active=True).distinct():
        notification = notification_queue(
            kind="hours_digest",
            key=f"hours-digest:{staff.pk}:{now.date().isoformat()}",
            recipient=staff,
            context={"waiting": waiting, "path": reverse("requirements_tracking_staff:inbox")},
        )
        sent += notification.created_now
    return sent


def behind_schedule_remind(*, today: datetime.date | None = None) -> int:
    """A kind note to enrolled participants whose approved hours are below what the
    program expects by now (the cohort grid's "behind"), at most once a week each.
    People on leave, withdrawn or finished are never nudged."""
    today = today or timezone.localdate()
    cohorts = Cohort.objects.filter(program_start__lte=today, graduation_date__gte=today)
    grids = selectors.cohort_grids(cohorts, today=today, statuses=[Participant.Status.ENROLLED])
    # Hours only: the note is about hours (the exam and observed practice have their own pages).
    behind = [
        row.participant
        for grid in grids
        for row in grid.rows
        if any(cell.overdue and cell.progress.counts_hours for cell in row.cells)
    ]
    if not behind:
        return 0
    recently = set(
        Notification.objects.filter(
            kind=BEHIND_KIND,
            recipient__in=[p.user_id for p in behind],
            created_at__gte=timezone.now() - datetime.timedelta(days=BEHIND_EVERY_DAYS),
        ).values_list("recipient_id", flat=True)
    )
    sent = 0
    for participant in behind:
        if participant.user_id in recently:
            continue
        notification = notification_queue(
            kind=BEHIND_KIND,
            key=f"hours-behind:{participant.pk}:{today.isoformat()}",
            recipient=participant.user,
            context={"path": reverse("requirements_tracking:mine")},
        )
        sent += notification.created_now
    return sent
