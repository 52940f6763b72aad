"""Reads about placements and the placement year, for the participant's page, staff's
page and the check-ins board. Nothing here returns check-in answers.

Stable names others use: `checkins_completed`, `placement_year`, `placement_years`,
`placement_current`, `year_facts`, `checkins_progress` (registered as progress's check-ins provider).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Expression, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from checkins.models import CheckIn, Concern, Placement, PlacementPause
from checkins.schedule import (
    CheckInRow,
    CheckInStatus,
    checkin_rows,
    checkin_status,
    first_recorded_at,
    missed_q,
    paused_q,
    with_status_facts,
)
from cohorts.models import Participant

# People the reminders are for: not withdrawn, not on leave from the program.
REMINDED = (Participant.Status.ENROLLED, Participant.Status.COMPLETED, Participant.Status.CERTIFIED)
# The answers: never loaded by lists, boards or reminders.
ANSWER_FIELDS = (
    "work_going",
    "wellbeing",
    "boundaries",
    "supervision",
    "support_wanted",
    "contact_way",
    "contact_note",
)


@dataclass(frozen=True)
class PlacementYear:
    """A participant's placement year at a glance (no answers, nothing about wellbeing)."""

    start: datetime.date  # the first placement's start
    end: datetime.date  # the last check-in's due date (it moves on with pauses)
    paused: bool
    paused_since: datetime.date | None
    next_due: datetime.date | None  # the earliest check-in not submitted and not paused
    completed: int
    total: int  # the check-ins of the year, as the schedule wrote them (`schedule.schedule_sync`)
    recorded_on: datetime.date | None = None  # the local day the first placement was recorded

    @property
    def done(self) -> bool:
        """The requirement "monthly check-ins through the first year of placement": every
        check-in of the schedule sent."""
        return self.completed >= self.total

    def has_missed(self, today: datetime.date) -> bool:
        """A check-in not sent and not paused is missed on `today` (`schedule.checkin_status`):
        the earliest is, if any is."""
        if self.next_due is None:
            return False
        status = checkin_status(due_on=self.next_due, today=today, recorded_on=self.recorded_on)
        return status == CheckInStatus.MISSED


def _submitted_checkins() -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(submitted_at__isnull=False)


def count_per_participant(rows: QuerySet) -> Coalesce:
    """How many of `rows` (filtered on `participant=OuterRef("pk")`) each person has, 0 for
    none: an annotation for a participant query."""
    counted = rows.order_by().values("participant").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def year_facts(today: datetime.date) -> dict[str, Exists | Coalesce]:
    """The placement year at a glance, as annotations for a participant query (the same
    statement, whatever the number of people): `placed` (a placement: the year has
    begun), `done` (check-ins sent; the year is complete once `done` reaches `scheduled`,
    the check-ins of the schedule, as `PlacementYear.done`) and `missed` (check-ins missed on `today`, `schedule.missed_q`:
    above 0 exactly when `PlacementYear.has_missed`, since the earliest check-in waiting
    is missed whenever a later one is)."""
    mine = {"participant": OuterRef("pk")}
    return {
        **year_begun_and_done(),
        "missed": count_per_participant(
            CheckIn.objects.filter(**mine).alias(recorded_at=first_recorded_at()).filter(missed_q(today))
        ),
    }


def year_begun_and_done() -> dict[str, Exists | Coalesce]:
    """`placed`, `done` and `scheduled` of `year_facts`, for a query that needs no more
    (`missed` is the costly one to build)."""
    mine = {"participant": OuterRef("pk")}
    return {
        "placed": Exists(Placement.objects.filter(**mine)),
        "done": count_per_participant(_submitted_checkins().filter(**mine)),
        "scheduled": count_per_participant(CheckIn.objects.filter(**mine)),
    }


def checkins_completed(participant_ids: Iterable[int]) -> dict[int, int]:
    """How many check-ins each participant has submitted (0 for none), in one query."""
    ids = list(participant_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        _submitted_checkins()
        .filter(participant_id__in=ids)
        .values("participant_id")
        .annotate(count=Count("pk"))
        .values_list("participant_id", "count")
    )
    counts.update(rows)
    return counts


def placement_years(participants: Iterable[Participant]) -> dict[int, PlacementYear]:
    """The placement year of each participant who has one, by participant id, in three
    queries whatever the number of participants."""
    ids = [participant.pk for participant in participants]
    if not ids:
        return {}
    firsts: dict[int, tuple[datetime.date, datetime.datetime]] = {}
    for participant_id, start, recorded_at in (
        Placement.objects.filter(participant_id__in=ids)
        .order_by("participant_id", "start_date", "created_at", "pk")
        .values_list("participant_id", "start_date", "created_at")
    ):
        firsts.setdefault(participant_id, (start, recorded_at))
    open_pauses = dict(
        PlacementPause.objects.filter(participant_id__in=ids, ends_on__isnull=True).values_list(
            "participant_id", "starts_on"
        )
    )
    rows: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        CheckIn.objects.filter(participant_id__in=ids)
        .annotate(paused=paused_q())
        .order_by("participant_id", "number")
        .values_list("participant_id", "due_on", "submitted_at", "paused")
    ):
        rows[row[0]].append(row[1:])
    return {
        participant_id: _placement_year(
            start, recorded_at, rows.get(participant_id, []), open_pauses.get(participant_id)
        )
        for participant_id, (start, recorded_at) in firsts.items()
    }


def _placement_year(
    start: datetime.date, recorded_at: datetime.datetime, checkins: list[tuple], paused_since: datetime.date | None
) -> PlacementYear:
    """`start`, `recorded_at`: the first placement's; `checkins`: (due_on, submitted_at,
    paused) of each check-in."""
    waiting = [due for due, submitted, paused in checkins if submitted is None and not paused]
    return PlacementYear(
        start=start,
        end=max((due for due, _, _ in checkins), default=start),
        paused=paused_since is not None,
        paused_since=paused_since,
        next_due=min(waiting, default=None),
        completed=sum(1 for _, submitted, _ in checkins if submitted is not None),
        total=len(checkins),
        recorded_on=timezone.localdate(recorded_at),
    )


def checkins_progress(participant, today: datetime.date) -> dict[str, Expression]:
    """The placement year as progress shows it (`requirements_tracking.progress.CheckinsYear`,
    asked through the provider registered in `CheckinsConfig.ready`), as annotations named
    `checkins_<field>` for any query: `participant` is an `OuterRef` to the person (a
    participant query) or her id (another query). Missed as on the board (`schedule.missed_q`,
    as `year_facts`); no placement: no start."""
    mine = {"participant": participant}
    first = Placement.objects.filter(**mine).order_by("start_date", "created_at", "pk")
    checkins = CheckIn.objects.filter(**mine).order_by()
    waiting = checkins.filter(submitted_at__isnull=True).exclude(paused_q())
    return {
        "checkins_start": Subquery(first.values("start_date")[:1]),
        "checkins_end": Subquery(checkins.order_by("-due_on").values("due_on")[:1]),
        "checkins_done": count_per_participant(_submitted_checkins().filter(**mine)),
        "checkins_scheduled": count_per_participant(checkins),
        "checkins_next_due": Subquery(waiting.order_by("due_on").values("due_on")[:1]),
        "checkins_missed": count_per_participant(
            checkins.alias(recorded_at=first_recorded_at()).filter(missed_q(today))
        ),
    }


def placement_year(participant: Participant) -> PlacementYear | None:
    """The participant's placement year, or None before their first placement."""
    return placement_years([participant]).get(participant.pk)


def placement_year_from(
    participant: Participant, placements: list[Placement], schedule: list[CheckIn]
) -> PlacementYear | None:
    """`placement_year` from rows a page has read already (`placements_for_participant`,
    `checkin_schedule`): one query (an open pause), none before the first placement."""
    if not placements:
        return None
    first = min(placements, key=lambda placement: (placement.start_date, placement.created_at, placement.pk))
    paused_since = (
        PlacementPause.objects.filter(participant=participant, ends_on__isnull=True)
        .values_list("starts_on", flat=True)
        .first()
    )
    rows = [(checkin.due_on, checkin.submitted_at, checkin.paused) for checkin in schedule]
    return _placement_year(first.start_date, first.created_at, rows, paused_since)


def placement_current(participant: Participant) -> Placement | None:
    """The placement the participant is in now (None between placements or before the first)."""
    return Placement.objects.filter(participant=participant, end_date__isnull=True).first()


def current_placements(participant_ids: Iterable[int]) -> dict[int, Placement]:
    """The placement each of these participants is in now (one query), for pages that
    show where people work (the sponsor portal, to those who consented)."""
    return {
        placement.participant_id: placement
        for placement in Placement.objects.filter(participant_id__in=list(participant_ids), end_date__isnull=True)
    }


def placements_for_participant(participant: Participant) -> QuerySet[Placement]:
    """The history, the current placement first."""
    return Placement.objects.filter(participant=participant).order_by("-start_date", "-created_at")


def pauses_for_participant(participant: Participant) -> QuerySet[PlacementPause]:
    """Newest first, with the reason (staff's page only)."""
    return PlacementPause.objects.filter(participant=participant).order_by("-starts_on")


def checkin_schedule(participant: Participant) -> QuerySet[CheckIn]:
    """The year's check-ins with their dates and what their status needs
    (`schedule.with_status_facts`: whether each is paused, when the year was recorded);
    answers are not loaded (only the check-in's own page decrypts them)."""
    return with_status_facts(CheckIn.objects.filter(participant=participant).defer(*ANSWER_FIELDS)).order_by("number")


def checkin_schedule_rows(participant: Participant, *, today: datetime.date) -> list[CheckInRow]:
    """`checkin_schedule`, each check-in with where it stands on `today`."""
    return checkin_rows(checkin_schedule(participant), today=today)


def participant_for_staff(public_id) -> Participant | None:
    return Participant.objects.select_related("user", "cohort").filter(public_id=public_id).first()


def checkins_to_remind(today: datetime.date) -> QuerySet[CheckIn]:
    """Check-ins due by `today`, not submitted, of people still in the program, with no
    missed-check-in concern yet, and not paused (nobody on a break gets reminders, even
    about check-ins that were due before it). One query, with the person loaded and
    `recorded_at`: when the first placement was recorded, for `schedule.counted_from` (a
    placement recorded late does not make its early check-ins missed at once)."""
    paused_now = PlacementPause.objects.filter(
        participant=OuterRef("participant"), ends_on__isnull=True, starts_on__lte=today
    )
    missed = Concern.objects.filter(checkin=OuterRef("pk"), reason=Concern.Reason.MISSED)
    return (
        CheckIn.objects.filter(
            submitted_at__isnull=True,
            due_on__lte=today,
            participant__status__in=REMINDED,
            participant__user__is_active=True,
        )
        .exclude(Exists(paused_now))
        .exclude(Exists(missed))
        .annotate(recorded_at=first_recorded_at())
        .select_related("participant__user")
        .defer(*ANSWER_FIELDS)
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class PlacementFacts:
    first_start: datetime.date  # when their first placement started
    role: str  # the area of their current placement, else of their latest one
    checkins_filed: int  # `checkins_completed`
    checkins_scheduled: int  # the check-ins of their year (`PlacementYear.total`)


def placement_facts(participant_ids: Iterable[int]) -> dict[int, PlacementFacts]:
    """For reports: each placed participant's first start, the area they work in and how
    many check-ins they filed of how many (one query, no agency and no supervisor)."""

    def counted(checkins: QuerySet[CheckIn]) -> Coalesce:
        per_person = (
            checkins.filter(participant_id=OuterRef("participant_id"))
            .order_by()
            .values("participant_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(per_person[:1]), 0)

    rows: dict[int, list[tuple]] = defaultdict(list)
    checkins: dict[int, tuple[int, int]] = {}
    for participant_id, start, role, ended, filed, scheduled in (
        Placement.objects.filter(participant_id__in=list(participant_ids))
        .annotate(filed=counted(_submitted_checkins()), scheduled=counted(CheckIn.objects.all()))
        .order_by("participant_id", "start_date", "created_at")
        .values_list("participant_id", "start_date", "role", "end_date", "filed", "scheduled")
    ):
        rows[participant_id].append((start, role, ended))
        checkins[participant_id] = (filed, scheduled)
    facts = {}
    for participant_id, placements in rows.items():
        current = [role for _start, role, ended in placements if ended is None]
        facts[participant_id] = PlacementFacts(
            first_start=placements[0][0],
            role=current[-1] if current else placements[-1][1],
            checkins_filed=checkins[participant_id][0],
            checkins_scheduled=checkins[participant_id][1],
        )
    return facts
