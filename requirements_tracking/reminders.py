"""Reminders about hours and the exam, queued through the outbox (`cpse.notify`) and run
by the program's one reminder schedule (`register()`, called from the AppConfig). It may
run them as often as it likes: each message has a key per person and period, so it goes
once. Messages carry no names, hours or reflections: they say there is something to look
at. Each reminder reads with a fixed number of queries however many people it reaches."""

import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import program_staff_untold
from cohorts.models import Cohort, Participant
from cpse.notify.models import Notification
from cpse.notify.reminders import Reminder, register
from cpse.notify.services import Message, notification_queue_many, person_language, without_message
from cpse.prepared import prepared_rows
from requirements_tracking import progress
from requirements_tracking.hours import selectors
from requirements_tracking.models import Attempt, Exam

HOURS_DIGEST_KEY = "hours-digest:"
BEHIND_KIND = "hours_behind"
# A gentle note, not a drumbeat: at most one in this many days per person.
BEHIND_EVERY_DAYS = 7


def hours_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Once a day, from HOURS_DIGEST_HOUR local time, tell each program staff member that
    hours are waiting for review (nothing when none are)."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.HOURS_DIGEST_HOUR:
        return 0
    # Staff not told today yet, with the count (one query): after the day's first digest, none.
    path = reverse("requirements_tracking_staff:inbox")
    return notification_queue_many(
        Message(
            kind="hours_digest",
            key=staff.message_key,
            recipient=staff,
            context={"waiting": staff.count, "path": path},
        )
        for staff in program_staff_untold(HOURS_DIGEST_KEY, now.date(), selectors.entries_awaiting_review)
    )


def behind_schedule_remind(*, today: datetime.date | None = None) -> int:
    """A kind note to enrolled participants whose approved hours are below what the
    program expects by now (the cohort grid's "behind"), at most once a week each.
    People on leave, withdrawn or finished are never nudged."""
    today = today or timezone.localdate()
    cohorts = Cohort.objects.filter(program_start__lte=today, graduation_date__gte=today)
    grids = progress.cohort_grids(cohorts, today=today, statuses=[Participant.Status.ENROLLED])
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
    path = reverse("requirements_tracking:mine")
    return notification_queue_many(
        Message(
            kind=BEHIND_KIND,
            key=f"hours-behind:{participant.pk}:{today.isoformat()}",
            recipient=participant.user,
            context={"path": path},
        )
        for participant in behind
        if participant.user_id not in recently
    )


EXAM_WINDOW_KIND = "exam_window"


def exam_window_remind(*, now: datetime.datetime | None = None) -> int:
    """When a cohort's exam window is open, tell each active participant who has not
    started it yet, once per exam (its key). Nothing once the window has closed."""
    now = now or timezone.now()
    open_exams = tuple(
        Exam.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("pk").values_list("pk", flat=True)
    )
    if not open_exams:
        return 0
    # One row per open exam and active participant of its cohort who has not started it,
    # less those already told (looked up by key in SQL): plain values, however many people.
    # Built and compiled once per process for the same open exams (`cpse.prepared`).
    due = prepared_rows(
        ("reminders.exam_window", open_exams),
        lambda: without_message(
            Participant.objects.filter(cohort__exams__in=open_exams, status__in=Participant.TAKING_PART)
            .annotate(exam_id=F("cohort__exams__pk"))
            .exclude(Exists(Attempt.objects.filter(exam_id=OuterRef("exam_id"), participant_id=OuterRef("pk")))),
            "exam-window:",
            F("exam_id"),
            ":",
            F("pk"),
        ).values_list("message_key", "user_id", person_language("user_id")),
    )
    path = reverse("exam:mine")
    return notification_queue_many(
        Message(kind=EXAM_WINDOW_KIND, key=key, recipient_id=user_id, language=language, context={"path": path})
        for key, user_id, language in due
    )


def _behind_in_its_hour(now: datetime.datetime) -> int:
    """Who is behind is worked out from every participant's grid: once a day is enough (its
    key is per day), so the schedule checks it in the digest hour only, not every run."""
    local = timezone.localtime(now)
    if local.hour != settings.HOURS_DIGEST_HOUR:
        return 0
    return behind_schedule_remind(today=local.date())


def register_reminders() -> None:
    """Called from RequirementsTrackingConfig.ready: this app's part of the one schedule."""
    from requirements_tracking.sessions import services

    register(
        Reminder(
            name="session_tomorrow",
            send=lambda now: services.session_reminders_send(now=now),
            description="The day before a training session, to each participant of its cohort.",
        )
    )
    register(
        Reminder(
            name="hours_digest",
            send=lambda now: hours_digest_send(now=now),
            description="Once a day, to program staff, when hours wait for review.",
        )
    )
    register(
        Reminder(
            name="hours_behind",
            send=_behind_in_its_hour,
            description="At most weekly, to participants whose approved hours are behind (checked daily).",
        )
    )
    register(
        Reminder(
            name="exam_window",
            send=lambda now: exam_window_remind(now=now),
            description="When the exam window opens, to each participant who has not started it.",
        )
    )
