"""Reminders about hours and the exam, queued through the outbox (`cpse.notify`) and run
by the program's one reminder schedule (`register()`, called from the AppConfig). It may
run them as often as it likes: each message has a key per person and period, so it goes
once. Messages carry no names, hours or reflections: they say there is something to look
at. Each reminder reads with a fixed number of queries however many people it reaches."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from cohorts.models import Cohort, Participant
from cpse.notify.models import Notification
from cpse.notify.reminders import Reminder, register
from cpse.notify.services import Message, notification_queue_many
from requirements_tracking import selectors
from requirements_tracking.models import Attempt, Exam
from requirements_tracking.services import ACTIVE

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
    path = reverse("requirements_tracking_staff:inbox")
    return notification_queue_many(
        Message(
            kind="hours_digest",
            key=f"hours-digest:{staff.pk}:{now.date().isoformat()}",
            recipient=staff,
            context={"waiting": waiting, "path": path},
        )
        for staff in User.objects.filter(groups__name=Role.PROGRAM_STAFF, is_active=True).distinct()
    )


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
    exams = list(Exam.objects.filter(opens_at__lte=now, closes_at__gt=now).only("pk", "cohort_id"))
    if not exams:
        return 0
    started = set(Attempt.objects.filter(exam__in=exams).values_list("exam_id", "participant_id"))
    participants = Participant.objects.filter(
        cohort_id__in={exam.cohort_id for exam in exams}, status__in=ACTIVE
    ).values_list("pk", "cohort_id", "user_id", "user__preferred_language")
    by_cohort: dict[int, list[tuple]] = {}
    for row in participants:
        by_cohort.setdefault(row[1], []).append(row)
    path = reverse("exam:mine")
    return notification_queue_many(
        Message(
            kind=EXAM_WINDOW_KIND,
            key=f"exam-window:{exam.pk}:{participant_id}",
            recipient_id=user_id,
            language=language,
            context={"path": path},
        )
        for exam in exams
        for participant_id, _cohort, user_id, language in by_cohort.get(exam.cohort_id, [])
        if (exam.pk, participant_id) not in started
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
    from requirements_tracking import session_services

    register(
        Reminder(
            name="session_tomorrow",
            send=lambda now: session_services.session_reminders_send(now=now),
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
