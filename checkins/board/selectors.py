"""Reads for program staff: the check-in board (everyone in their placement year, open
concerns first), one participant's check-in history, one concern, the keyword list.

The board is one annotated query (plus the paginator's count): its cost does not grow
with the number of participants or check-ins."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from checkins.models import (
    CHECKINS_IN_PLACEMENT_YEAR,
    CheckIn,
    Concern,
    ConcernFollowUp,
    ConcernKeyword,
    Placement,
    PlacementPause,
)
from checkins.monthly.selectors import CheckInStatus, checkin_answers, missed_before
from checkins.monthly.services import OPENS_DAYS_BEFORE
from checkins.schedule import paused_q
from cohorts.models import Cohort, Participant

# After the twelfth month, a person stays on the board this long (late check-ins, follow-up).
BOARD_GRACE_DAYS = 60
FILTER_CONCERN = "concern"
BOARD_FILTERS = (FILTER_CONCERN, *CheckInStatus.values)


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("participant").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def board_participants(
    *, today: datetime.date, cohort: Cohort | None = None, status: str | None = None
) -> QuerySet[Participant]:
    """Participants in their placement year: a placement, and not all twelve check-ins sent
    or still within a year (and a grace period) of the first placement's start. Sorted open
    concerns first, then missed check-ins, then this month's due; then by name.

    Each row carries `placement_start`, `done`, `open_concerns`, `missed`, `month_status`,
    `month_number` and `month_due_on` (this month's check-in, or the next one)."""
    late = missed_before(today)
    mine = {"participant": OuterRef("pk")}
    current = CheckIn.objects.filter(**mine, due_on__lte=today + datetime.timedelta(days=OPENS_DAYS_BEFORE)).order_by(
        "-number"
    )
    upcoming = CheckIn.objects.filter(**mine, submitted_at__isnull=True).order_by("number")
    first_placement = Placement.objects.filter(**mine).order_by("start_date")
    rows = (
        Participant.objects.filter(Exists(Placement.objects.filter(**mine)))
        .select_related("user", "cohort")
        .annotate(
            placement_start=Subquery(first_placement.values("start_date")[:1]),
            done=_count(CheckIn.objects.filter(**mine, submitted_at__isnull=False)),
            open_concerns=_count(Concern.objects.filter(**mine, status=Concern.Status.OPEN)),
            missed=_count(
                CheckIn.objects.filter(**mine, submitted_at__isnull=True, due_on__lt=late).exclude(paused_q())
            ),
            current_number=Subquery(current.values("number")[:1]),
            current_due_on=Subquery(current.values("due_on")[:1]),
            current_sent_at=Subquery(current.values("submitted_at")[:1]),
            next_number=Subquery(upcoming.values("number")[:1]),
            next_due_on=Subquery(upcoming.values("due_on")[:1]),
        )
        .annotate(
            month_status=Case(
                When(current_number__isnull=True, then=Value(CheckInStatus.UPCOMING.value)),
                When(current_sent_at__isnull=False, then=Value(CheckInStatus.DONE.value)),
                # Not sent, and waiting on an open pause (as schedule.paused_q says).
                When(
                    Exists(
                        PlacementPause.objects.filter(
                            **mine, ends_on__isnull=True, starts_on__lte=OuterRef("current_due_on")
                        )
                    ),
                    then=Value(CheckInStatus.PAUSED.value),
                ),
                When(current_due_on__lt=late, then=Value(CheckInStatus.MISSED.value)),
                default=Value(CheckInStatus.DUE.value),
            ),
            rank=Case(
                When(open_concerns__gt=0, then=Value(0)),
                When(missed__gt=0, then=Value(1)),
                When(month_status=CheckInStatus.DUE.value, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        .filter(
            Q(done__lt=CHECKINS_IN_PLACEMENT_YEAR)
            | Q(placement_start__gte=today - datetime.timedelta(days=365 + BOARD_GRACE_DAYS))
        )
    )
    if cohort is not None:
        rows = rows.filter(cohort=cohort)
    if status == FILTER_CONCERN:
        rows = rows.filter(open_concerns__gt=0)
    elif status == CheckInStatus.MISSED:
        rows = rows.filter(missed__gt=0)
    elif status in CheckInStatus.values:
        rows = rows.filter(month_status=status)
    return rows.order_by("rank", "-open_concerns", "-missed", "user__display_name", "pk")


def participant_for_staff(public_id) -> Participant | None:
    return Participant.objects.filter(public_id=public_id).select_related("user", "cohort").first()


def _concerns() -> Prefetch:
    follow_ups = ConcernFollowUp.objects.select_related("author").order_by("created_at", "pk")
    return Prefetch(
        "concerns",
        queryset=Concern.objects.select_related("closed_by")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
        .order_by("opened_at", "pk"),
    )


@dataclass(frozen=True)
class History:
    participant: Participant
    placements: list[Placement]
    checkins: list[CheckIn]

    @property
    def done(self) -> int:
        return sum(1 for checkin in self.checkins if checkin.submitted_at is not None)

    @property
    def open_concerns(self) -> list[Concern]:
        return [c for checkin in self.checkins for c in checkin.concerns.all() if c.status == Concern.Status.OPEN]


def participant_history(participant: Participant) -> History:
    """All the person's check-ins with their answers and concerns (with follow-ups)."""
    checkins = (
        CheckIn.objects.filter(participant=participant)
        .select_related("reviewed_by")
        .prefetch_related(_concerns())
        .order_by("number")
    )
    checkins = list(checkins)
    for checkin in checkins:
        # Answers count once sent: a draft stays the person's own.
        checkin.answers = checkin_answers(checkin) if checkin.submitted_at else []
    placements = Placement.objects.filter(participant=participant).order_by("start_date", "created_at")
    return History(participant=participant, placements=list(placements), checkins=checkins)


def concern_for_staff(public_id) -> Concern | None:
    follow_ups = ConcernFollowUp.objects.select_related("author").order_by("created_at", "pk")
    return (
        Concern.objects.filter(public_id=public_id)
        .select_related("participant__user", "participant__cohort", "checkin", "closed_by")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
        .first()
    )


def concern_keywords() -> QuerySet[ConcernKeyword]:
    return ConcernKeyword.objects.select_related("added_by").order_by("-active", "phrase")
