"""Reads for program staff: the check-in board (everyone in their placement year, open
concerns first), the open concerns, one participant's check-in history, one concern, the
keyword list.

The board is one annotated query (plus the paginator's count): its cost does not grow
with the number of participants or check-ins, and it is built once per day, cohort and
filter (`board_rows`). Where a check-in stands is
`schedule.checkin_status`, here in SQL (`checkin_status_case`) so the board can filter and
sort on it."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
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

from accounts.selectors import ContactCard, contact_card
from checkins.models import (
    CheckIn,
    Concern,
    ConcernFollowUp,
    ConcernKeyword,
    Placement,
)
from checkins.monthly.selectors import checkin_answers
from checkins.placement.selectors import count_per_participant, year_begun_and_done, year_facts
from checkins.schedule import CheckInStatus, checkin_status_case, first_recorded_at, opened_if_due_by
from cohorts.models import Cohort, Participant
from cpse.prepared import PreparedRows

# After the year's last month, a person stays on the board this long (late check-ins, follow-up).
BOARD_GRACE_DAYS = 60
FILTER_CONCERN = "concern"
BOARD_FILTERS = (FILTER_CONCERN, *CheckInStatus.values)


def on_the_board(*, today: datetime.date) -> QuerySet[Participant]:
    """Participants in their placement year, the board's people: a placement, and not all
    the year's check-ins sent or still within a year (and a grace period) of the first
    placement's start. Each row carries `placement_start`, `done` and `scheduled` only; unordered (the
    dashboard counts from it: the board's other facts are costly to build)."""
    year = year_begun_and_done()
    first_placement = Placement.objects.filter(participant=OuterRef("pk")).order_by("start_date")
    return (
        Participant.objects.filter(year["placed"])
        .annotate(
            placement_start=Subquery(first_placement.values("start_date")[:1]),
            done=year["done"],
            scheduled=year["scheduled"],
        )
        .filter(
            Q(done__lt=F("scheduled")) | Q(placement_start__gte=today - datetime.timedelta(days=365 + BOARD_GRACE_DAYS))
        )
    )


def in_placement_year(*, today: datetime.date, cohort: Cohort | None = None) -> QuerySet[Participant]:
    """`on_the_board`, each row also carrying `open_concerns`, `missed` and `recorded_at`."""
    mine = {"participant": OuterRef("pk")}
    rows = on_the_board(today=today).annotate(
        open_concerns=count_per_participant(Concern.objects.filter(**mine, status=Concern.Status.OPEN)),
        missed=year_facts(today)["missed"],
        recorded_at=first_recorded_at("pk"),
    )
    return rows if cohort is None else rows.filter(cohort=cohort)


def with_open_concerns(rows: QuerySet[Participant]) -> QuerySet[Participant]:
    """The board's "concern" filter, on `in_placement_year` rows."""
    return rows.filter(open_concerns__gt=0)


def board_participants(
    *, today: datetime.date, cohort: Cohort | None = None, status: str | None = None
) -> QuerySet[Participant]:
    """`in_placement_year`, sorted open concerns first, then missed check-ins, then this
    month's due; then by name.

    Each row also carries `month_status`, `month_number`, `month_due_on`: this month's
    check-in (the latest that has opened), or before the first opens, the first one; and
    `first_concern`, the public id of the open concern waiting longest (the badge's link)."""
    mine = {"participant": OuterRef("pk")}
    waiting_longest = Concern.objects.filter(**mine, status=Concern.Status.OPEN).order_by("opened_at", "pk")
    # This month's check-in: the latest that has opened, or the first before any has.
    opened = CheckIn.objects.filter(**mine, due_on__lte=opened_if_due_by(today))
    month = CheckIn.objects.filter(**mine, number=OuterRef("month_number"))
    rows = (
        in_placement_year(today=today, cohort=cohort)
        .select_related("user", "cohort")
        .annotate(
            month_number=Coalesce(Subquery(opened.order_by("-number").values("number")[:1]), Value(1)),
            first_concern=Subquery(waiting_longest.values("public_id")[:1]),
        )
        .annotate(
            month_due_on=Subquery(month.values("due_on")[:1]),
            month_sent_at=Subquery(month.values("submitted_at")[:1]),
        )
        .annotate(
            month_status=Case(
                When(month_due_on__isnull=True, then=Value(CheckInStatus.UPCOMING.value)),  # no schedule yet
                default=checkin_status_case(
                    today=today,
                    due_on="month_due_on",
                    submitted_at="month_sent_at",
                    participant="pk",
                    recorded_at="recorded_at",
                ),
            ),
            rank=Case(
                When(open_concerns__gt=0, then=Value(0)),
                When(missed__gt=0, then=Value(1)),
                When(month_status=CheckInStatus.DUE.value, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
    )
    if status == FILTER_CONCERN:
        rows = with_open_concerns(rows)
    elif status == CheckInStatus.MISSED:
        rows = rows.filter(missed__gt=0)
    elif status in CheckInStatus.values:
        rows = rows.filter(month_status=status)
    return rows.order_by("rank", "-open_concerns", "-missed", "user__display_name", "pk")


def board_rows(*, today: datetime.date, cohort: Cohort | None = None, status: str | None = None) -> PreparedRows:
    """`board_participants` for the board's paginator: building that query costs more than
    running it, so its statements are built once per day, cohort and filter
    (`cpse.prepared`); the rows are read every time."""
    key = ("checkins.board", today, cohort.pk if cohort else None, status)
    return PreparedRows(key, lambda: board_participants(today=today, cohort=cohort, status=status))


def open_concerns() -> QuerySet[Concern]:
    """Every open concern, oldest first (the one waiting longest comes first), with the
    person, their cohort and the check-in: the concerns page lists these, and the staff
    dashboard counts them. Whoever the concern is about, on the board or not."""
    return (
        Concern.objects.filter(status=Concern.Status.OPEN)
        .select_related("participant__user", "participant__cohort", "checkin")
        .order_by("opened_at", "pk")
    )


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
    def total(self) -> int:
        """The check-ins of the year, as the schedule wrote them."""
        return len(self.checkins)

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


def concern_contact_card(concern: Concern) -> ContactCard:
    """How to reach the person about this concern: the way and note she gave in the
    check-in when she asked to be contacted there, else her profile's."""
    checkin, user = concern.checkin, concern.participant.user
    if checkin.wants_contact and checkin.contact_way in CheckIn.ContactWay.values:
        way = CheckIn.ContactWay(checkin.contact_way)
        return contact_card(user, way=way.value, way_label=way.label, note=checkin.contact_note)
    return contact_card(user)


def concern_keywords() -> QuerySet[ConcernKeyword]:
    return ConcernKeyword.objects.select_related("added_by").order_by("-active", "phrase")
