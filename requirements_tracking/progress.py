"""Reads for hours and progress. Progress is computed here from the entries, every time:
never stored, so it cannot disagree with them."""

import datetime
import functools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.confirmers.selectors import is_verified
from cohorts.models import Cohort, Participant, ProgramPause, ProgressExpectation, Requirement
from cohorts.pauses.selectors import paused_days
from cohorts.selectors import cohort_has_ended
from cpse.dates import add_months
from cpse.prepared import prepared_rows
from requirements_tracking.competency.selectors import latest_assessments
from requirements_tracking.ethics.selectors import acknowledged_current_ids
from requirements_tracking.hours.rules import LOGGABLE_CATEGORIES
from requirements_tracking.models import Attempt, Competency, CompetencyAssessment, HourEntry

S = HourEntry.Status
ZERO = Decimal("0")


@dataclass(frozen=True)
class RequirementProgress:
    requirement: Requirement
    approved: Decimal
    pending: Decimal
    remaining: Decimal
    extra: Decimal
    percent: int
    # Observed practice: the active competencies whose latest observation is "met", of all.
    competencies_met: int = 0
    competencies_total: int = 0
    # The exam: a result is on record that did not pass (and none passed yet).
    exam_not_passed: bool = False
    # Check-ins: the placement year (None before the first placement) and how many it asks.
    checkins: "CheckinsYear | None" = None
    checkins_total: int = 0

    @property
    def counts_hours(self) -> bool:
        return self.requirement.kind == Requirement.Kind.HOURS

    @property
    def is_exam(self) -> bool:
        return self.requirement.kind == Requirement.Kind.EXAM

    @property
    def is_observed_practice(self) -> bool:
        return self.requirement.kind == Requirement.Kind.COMPETENCY

    @property
    def is_ethics(self) -> bool:
        return self.requirement.kind == Requirement.Kind.ETHICS

    @property
    def is_checkins(self) -> bool:
        return self.requirement.kind == Requirement.Kind.CHECKINS

    @property
    def tracked(self) -> bool:
        """Worked out here (hours, the exam, observed practice, the code of ethics);
        check-ins come from their own app (`is_checkins`, `CheckinsYear`)."""
        return self.requirement.kind in TRACKED_KINDS

    @property
    def loggable(self) -> bool:
        """The participant logs these hours themselves (the others come later)."""
        return self.counts_hours and self.requirement.category in LOGGABLE_CATEGORIES

    @property
    def complete(self) -> bool:
        return (self.tracked or self.is_checkins) and self.remaining == 0

    @property
    def pending_plural(self) -> int:
        """A whole number to choose "hour" or "hours" by (gettext needs an integer)."""
        return 1 if self.pending == 1 else 2


TRACKED_KINDS = (
    Requirement.Kind.HOURS,
    Requirement.Kind.EXAM,
    Requirement.Kind.COMPETENCY,
    Requirement.Kind.ETHICS,
)
EXAM_PASSED, EXAM_WAITING, EXAM_NOT_PASSED = "passed", "waiting", "not_passed"
ONE = Decimal("1")


# --- Check-ins, read through the app that holds them ---------------------------------
# Rules chosen here (issue #21): check-ins live in `checkins`, above this app, so progress
# asks them through a provider that `checkins` registers in its AppConfig.ready (as
# reminders and data rights do); nothing here imports it.
# - Done: the check-ins sent. Complete once done reaches the year's check-ins: the set's
#   number (`cohorts.selectors.checkins_asked`), or the schedule's when it kept more
#   (`checkins.schedule`: a schedule once written keeps its length).
# - Nothing is done, due or missed before the first placement (the year has not begun).
# - The provider gives annotations, not a query: the grid and the participant's page read
#   them in a statement they make anyway, so check-ins cost no query of their own.


@dataclass(frozen=True)
class CheckinsYear:
    """A participant's placement year as progress shows it (no answers, nothing about wellbeing)."""

    start: datetime.date  # the first placement's start
    end: datetime.date  # the last check-in's due date (the start while there is none)
    done: int  # check-ins sent
    scheduled: int  # check-ins in the schedule
    next_due: datetime.date | None  # the earliest not sent and not paused
    missed: int  # check-ins missed on the day asked (`checkins.schedule.missed_q`)


# Called with the person (an OuterRef to a participant, or her id) and the day: annotations
# named `checkins_<field of CheckinsYear>`, `checkins_start` None before the first placement.
CheckinsProvider = Callable[[Any, datetime.date], dict[str, Any]]
_checkins_providers: list[CheckinsProvider] = []


def register_checkins_provider(provider: CheckinsProvider) -> None:
    _checkins_providers[:] = [provider]


def checkins_annotations(participant, today: datetime.date) -> dict[str, Any]:
    """The provider's annotations ({} when none is registered)."""
    return _checkins_providers[0](participant, today) if _checkins_providers else {}


def checkins_year_of(row) -> CheckinsYear | None:
    """The placement year from a row read with `checkins_annotations` (None: not begun)."""
    start = getattr(row, "checkins_start", None)
    if start is None:
        return None
    return CheckinsYear(
        start=start,
        end=row.checkins_end or start,
        done=row.checkins_done,
        scheduled=row.checkins_scheduled,
        next_due=row.checkins_next_due,
        missed=row.checkins_missed,
    )


def checkins_years(participant_ids: Iterable[int], today: datetime.date) -> dict[int, CheckinsYear]:
    """The placement year of each of these participants who has one, in one query (for
    callers with no statement of their own to add `checkins_annotations` to)."""
    ids = list(participant_ids)
    if not ids or not _checkins_providers:
        return {}
    people = _rows_of(
        ("checkins_years", today),
        ids,
        lambda: (
            Participant.objects.filter(pk__in=ids).annotate(**checkins_annotations(OuterRef("pk"), today)).only("pk")
        ),
    )
    return {person.pk: year for person in people if (year := checkins_year_of(person))}


@dataclass(frozen=True)
class ProgressFacts:
    """What progress is worked out from, for a group of participants (see `progress_facts`)."""

    # (participant id, requirement category) -> {"approved": hours, "pending": hours}
    hours: dict[tuple[int, str], dict]
    # participant id -> EXAM_PASSED, EXAM_WAITING or EXAM_NOT_PASSED (nothing: not taken)
    exam: dict[int, str]
    # participant id -> the active competencies whose latest observation is "met"
    competencies_met: dict[int, set[int]]
    competencies_total: int
    # The participants who acknowledged the current code of ethics of their cohort's credential
    ethics_acknowledged: frozenset[int] = frozenset()
    # participant id -> the placement year (nobody before their first placement)
    checkins: dict[int, CheckinsYear] = field(default_factory=dict)


def progress_row(requirement: Requirement, facts: ProgressFacts, participant_id: int) -> RequirementProgress:
    """The one place a requirement's progress is worked out (the participant's page, the
    cohort grid and the reminders all use it, so they agree to the quarter hour).

    Hours: the approved and waiting hours of the requirement's category. The exam: 1
    approved once a final attempt passed, 1 waiting while an attempt waits for scoring.
    Observed practice: 1 approved once every active competency's latest observation is
    "met" (never with no active competency). The code of ethics: 1 approved once the
    current version is acknowledged (a new version makes it 0 again). Check-ins: the ones
    sent, of the set's number or the schedule's if it kept more (see `CheckinsYear`)."""
    amount = requirement.amount
    extra = {}
    if requirement.kind == Requirement.Kind.HOURS:
        row = facts.hours.get((participant_id, requirement.category), {})
        approved, pending = row.get("approved") or ZERO, row.get("pending") or ZERO
    elif requirement.kind == Requirement.Kind.EXAM:
        state = facts.exam.get(participant_id)
        approved = ONE if state == EXAM_PASSED else ZERO
        pending = ONE if state == EXAM_WAITING else ZERO
        extra["exam_not_passed"] = state == EXAM_NOT_PASSED
    elif requirement.kind == Requirement.Kind.COMPETENCY:
        met, total = len(facts.competencies_met.get(participant_id, ())), facts.competencies_total
        approved, pending = (ONE if total and met == total else ZERO), ZERO
        extra.update(competencies_met=met, competencies_total=total)
    elif requirement.kind == Requirement.Kind.ETHICS:
        approved, pending = (ONE if participant_id in facts.ethics_acknowledged else ZERO), ZERO
    elif requirement.kind == Requirement.Kind.CHECKINS:
        year = facts.checkins.get(participant_id)
        approved, pending = Decimal(year.done if year else 0), ZERO
        amount = max(amount, year.scheduled if year else 0)
        extra.update(checkins=year, checkins_total=int(amount))
    else:
        approved = pending = ZERO
    return RequirementProgress(
        requirement=requirement,
        approved=approved,
        pending=pending,
        remaining=max(ZERO, amount - approved),
        extra=max(ZERO, approved - amount),
        percent=min(100, int(approved * 100 / amount)),
        **extra,
    )


def counted_hours() -> Q:
    """Approved hours that count: any but practicum hours whose supervisor program staff
    have not verified, where the participant's requirement set asks for that (until then
    they show as waiting)."""
    return Q(status=S.APPROVED) & (
        Q(practicum__isnull=True)
        | Q(participant__cohort__requirement_set__practicum_requires_verified_supervisor=False)
        | Q(is_verified("practicum__supervisor_email_key"))
    )


def _rows_of(name: Hashable, participants, build: Callable[[], QuerySet]) -> Iterable:
    """The rows of `build()`, a query about `participants`: built once per process for the
    same list of ids (`cpse.prepared`), built every time for anything else (a query).
    `name` holds whatever else the query is built from (the day, for check-ins)."""
    if isinstance(participants, list | tuple) and all(isinstance(pk, int) for pk in participants):
        return prepared_rows(("progress", name, tuple(participants)), build)
    return build()


def hour_sums(participants) -> dict[tuple[int, str], dict]:
    """Counted and waiting hours per (participant id, requirement category), in one query.

    By category, not by requirement: a participant transferred to a later cohort keeps the
    hours logged under the earlier cohort's set, and they count towards the new set."""

    def build():
        counted = counted_hours()
        return (
            HourEntry.objects.filter(participant__in=participants)
            .values("participant", "requirement__category")
            .annotate(
                approved=Sum("hours", filter=counted),
                pending=Sum("hours", filter=Q(status=S.SUBMITTED) | (Q(status=S.APPROVED) & ~counted)),
            )
            .order_by()
        )

    return {
        (row["participant"], row["requirement__category"]): row for row in _rows_of("hour_sums", participants, build)
    }


def exam_states(participants) -> dict[int, str]:
    """Each participant's exam state, in one query: passed (any final attempt that passed,
    for any cohort's exam: a transferred participant keeps a pass), else waiting (an attempt
    waits for scoring), else not passed (a result that did not pass). Absent: not taken."""
    states = {}
    for row in _rows_of(
        "exam_states",
        participants,
        lambda: (
            Attempt.objects.filter(participant__in=participants, exam__requirement__category=Requirement.Category.EXAM)
            .values("participant")
            .annotate(
                passed=Count("pk", filter=Q(status=Attempt.Status.FINAL, passed=True)),
                waiting=Count("pk", filter=Q(status=Attempt.Status.SUBMITTED)),
                final=Count("pk", filter=Q(status=Attempt.Status.FINAL)),
            )
            .order_by()
        ),
    ):
        if row["passed"]:
            states[row["participant"]] = EXAM_PASSED
        elif row["waiting"]:
            states[row["participant"]] = EXAM_WAITING
        elif row["final"]:
            states[row["participant"]] = EXAM_NOT_PASSED
    return states


def requirements_for_progress(**filters) -> QuerySet[Requirement]:
    """Requirements, each with the number of active competencies (what observed practice
    counts against) read in the same query."""
    active = (
        Competency.objects.filter(active=True)
        .order_by()
        .values(one=Value(1))
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Requirement.objects.filter(**filters).annotate(active_competencies=Coalesce(Subquery(active[:1]), 0))


def progress_facts(
    participants,
    requirements,
    *,
    hours: dict | None = None,
    checkins: dict | None = None,
    today: datetime.date | None = None,
) -> ProgressFacts:
    """The facts for these participants (ids), one query per kind of requirement among
    `requirements` (from `requirements_for_progress`), whatever their number. `hours`: their
    `hour_sums` (or those of more people), `checkins`: their placement years
    (`checkins_year_of`), when the caller has read them already. `today`: the day check-ins
    are missed on (today by default)."""
    kinds = {r.kind for r in requirements}
    competencies_met: dict[int, set[int]] = {}
    total = 0
    if Requirement.Kind.COMPETENCY in kinds:
        total = next(r.active_competencies for r in requirements if r.kind == Requirement.Kind.COMPETENCY)
        for assessment in _rows_of("latest_assessments", participants, lambda: latest_assessments(participants)):
            if assessment.result == CompetencyAssessment.Result.MET:
                competencies_met.setdefault(assessment.participant_id, set()).add(assessment.competency_id)
    return ProgressFacts(
        hours=(hour_sums(participants) if hours is None else hours) if Requirement.Kind.HOURS in kinds else {},
        exam=exam_states(participants) if Requirement.Kind.EXAM in kinds else {},
        competencies_met=competencies_met,
        competencies_total=total,
        ethics_acknowledged=(
            frozenset(_rows_of("ethics", participants, lambda: acknowledged_current_ids(participants)))
            if Requirement.Kind.ETHICS in kinds
            else frozenset()
        ),
        checkins=(
            (checkins_years(participants, today or timezone.localdate()) if checkins is None else checkins)
            if Requirement.Kind.CHECKINS in kinds
            else {}
        ),
    )


def participant_progress(participant: Participant) -> list[RequirementProgress]:
    """One row per requirement of the participant's cohort's set, in its order: the
    requirements, then one query per kind of requirement (`progress_facts`)."""
    set_id, today = participant.cohort.requirement_set_id, timezone.localdate()
    requirements = prepared_rows(
        ("progress", "participant", set_id, participant.pk, today),
        lambda: requirements_for_progress(requirement_set_id=set_id).annotate(
            # The placement year, read in the same statement (the same on every row).
            **checkins_annotations(participant.pk, today)
        ),
    )
    year = checkins_year_of(requirements[0]) if requirements else None
    years = {participant.pk: year} if year else {}
    facts = progress_facts([participant.pk], requirements, checkins=years)
    return [progress_row(requirement, facts, participant.pk) for requirement in requirements]


def next_step(progress: list[RequirementProgress]) -> RequirementProgress | None:
    """The first requirement the participant can work on now and has not finished."""
    return next((item for item in progress if item.loggable and not item.complete), None)


# --- The cohort grid: every participant × requirement -------------------------------


@dataclass(frozen=True)
class GridCell:
    progress: RequirementProgress
    # What the participant is expected to have by the grid's date (None: nothing yet).
    expected: Decimal | None
    overdue: bool


@dataclass(frozen=True)
class GridRow:
    participant: Participant
    cells: list[GridCell]
    # The status in the reader's language, looked up once per grid (get_status_display
    # rebuilds its choices on every call, which showed on a 300-row grid).
    status_label: str

    @property
    def behind(self) -> bool:
        return any(cell.overdue for cell in self.cells)


@dataclass(frozen=True)
class CohortGrid:
    cohort: Cohort
    requirements: list[Requirement]
    rows: list[GridRow]
    today: datetime.date

    @property
    def behind_count(self) -> int:
        return sum(1 for row in self.rows if row.behind)


def last_counting_day(requirement: Requirement, cohort: Cohort) -> datetime.date:
    """The last day hours of a requirement can count: the intensive's last day for the
    intensive, the program's for the others (for self-care, the last day `hours.rules.loggable_dates` offers)."""
    return cohort.intensive_end if requirement.category == Requirement.Category.INTENSIVE else cohort.program_end


def expected_by(requirement: Requirement, cohort: Cohort, expectations, today: datetime.date) -> Decimal | None:
    """How much of a requirement should be approved by `today`. Hours: the largest
    expectation already due, and all of it once its last day has passed (the intensive's
    last day for the intensive, the program's for the others). The exam and observed
    practice: done once the program has ended. Check-ins: nothing yet."""
    if requirement.kind in (Requirement.Kind.EXAM, Requirement.Kind.COMPETENCY):
        return requirement.amount if cohort_has_ended(cohort, today=today) else None
    if requirement.kind != Requirement.Kind.HOURS:
        return None
    if today > last_counting_day(requirement, cohort):
        return requirement.amount
    due = [e.amount for e in expectations if add_months(cohort.program_start, e.months_after_start) <= today]
    return min(max(due), requirement.amount) if due else None


def _grid_participants(cohorts, today, statuses, annotations, with_checkins) -> QuerySet[Participant]:
    """The grid's people (`cohort_grids`), in the order they enrolled."""
    participants = (
        Participant.objects.filter(cohort__in=cohorts)
        .select_related("user")
        # Names only: the person's other (encrypted) details are not decrypted for a grid.
        .only(
            "public_id",
            "cohort_id",
            "status",
            "enrolled_at",
            "user__display_name",
            "user__email",
            "user__preferred_language",
        )
        .annotate(ever_paused=Exists(ProgramPause.objects.filter(participant=OuterRef("pk"))))
        .order_by("enrolled_at", "pk")
    )
    if statuses is not None:
        participants = participants.filter(status__in=statuses)
    if annotations:
        participants = participants.annotate(**annotations)
    if with_checkins:
        participants = participants.annotate(**checkins_annotations(OuterRef("pk"), today))
    return participants


def cohort_grids(
    cohorts,
    *,
    today: datetime.date | None = None,
    statuses=None,
    annotations: dict | None = None,
    annotations_key: Hashable | None = None,
) -> list[CohortGrid]:
    """Grids for several cohorts at once (the reminders), or one (the staff page): four
    queries, and one more per kind of requirement beyond hours (`progress_facts`) and one
    when someone in the grids was ever paused, whatever the number of cohorts and participants. `statuses` keeps only the participants in
    those statuses. `annotations` are added to the participants' query (a page's own facts
    about each person, read in the same statement: `row.participant.<name>`);
    `annotations_key` names everything they depend on, so the statements are built once
    per process (`cpse.prepared`; without it, given annotations, they are built each time).

    A participant whose program was paused is expected to be where the cohort was that
    many days earlier: as if their program had started later by the time paused, so a
    pause never makes anyone "behind"."""
    today = today or timezone.localdate()
    cohorts = list(cohorts)
    requirements_by_set: dict[int, list[Requirement]] = {}
    set_ids = sorted({c.requirement_set_id for c in cohorts})
    for requirement in prepared_rows(
        ("progress", "requirements", tuple(set_ids)),
        lambda: requirements_for_progress(requirement_set_id__in=set_ids),
    ):
        requirements_by_set.setdefault(requirement.requirement_set_id, []).append(requirement)
    # The requirements' expectations, in their order, read with a statement built once too.
    expectations_of: dict[int, list[ProgressExpectation]] = {}
    for expectation in prepared_rows(
        ("progress", "expectations", tuple(set_ids)),
        lambda: ProgressExpectation.objects.filter(requirement__requirement_set_id__in=set_ids),
    ):
        expectations_of.setdefault(expectation.requirement_id, []).append(expectation)
    with_checkins = any(r.kind == Requirement.Kind.CHECKINS for rs in requirements_by_set.values() for r in rs)
    build = functools.partial(_grid_participants, cohorts, today, statuses, annotations, with_checkins)
    if annotations and annotations_key is None:
        participants = build()
    else:
        key = ("progress", "grid", tuple(c.pk for c in cohorts), today, statuses and tuple(statuses), annotations_key)
        participants = prepared_rows((*key, with_checkins), build)
    by_cohort: dict[int, list[Participant]] = {}
    for participant in participants:
        by_cohort.setdefault(participant.cohort_id, []).append(participant)
    everyone = [p.pk for people in by_cohort.values() for p in people]
    every_requirement = [r for requirements in requirements_by_set.values() for r in requirements]
    years = {p.pk: year for people in by_cohort.values() for p in people if (year := checkins_year_of(p))}
    facts = progress_facts(everyone, every_requirement if everyone else [], checkins=years, today=today)
    ever_paused = [p.pk for people in by_cohort.values() for p in people if p.ever_paused]
    paused = paused_days(ever_paused, today) if ever_paused else {}
    status_labels = {value: str(label) for value, label in Participant.Status.choices}
    grids = []
    for cohort in cohorts:
        requirements = requirements_by_set.get(cohort.requirement_set_id, [])
        # (requirement id, days paused) -> expected amount: worked out once per distinct pause length.
        expected: dict[tuple[int, int], Decimal | None] = {}
        rows = []
        for participant in by_cohort.get(cohort.pk, []):
            active = participant.status in Participant.TAKING_PART
            days = paused.get(participant.pk, 0)
            cells = []
            for requirement in requirements:
                progress = progress_row(requirement, facts, participant.pk)
                if (requirement.pk, days) not in expected:
                    expected[requirement.pk, days] = expected_by(
                        requirement,
                        cohort,
                        expectations_of.get(requirement.pk, []),
                        today - datetime.timedelta(days=days),
                    )
                due = expected[requirement.pk, days]
                overdue = active and due is not None and progress.approved < due
                cells.append(GridCell(progress=progress, expected=due, overdue=overdue))
            rows.append(GridRow(participant=participant, cells=cells, status_label=status_labels[participant.status]))
        grids.append(CohortGrid(cohort=cohort, requirements=requirements, rows=rows, today=today))
    return grids


def cohort_grid(
    cohort: Cohort,
    *,
    today: datetime.date | None = None,
    annotations: dict | None = None,
    annotations_key: Hashable | None = None,
) -> CohortGrid:
    """Every participant of the cohort against every requirement of its set, with the
    expectations due by `today` flagged (`annotations`, `annotations_key`: as for `cohort_grids`)."""
    return cohort_grids([cohort], today=today, annotations=annotations, annotations_key=annotations_key)[0]


STATUS_ORDER = {status: index for index, status in enumerate(Participant.Status.values)}


def _name(row: GridRow) -> str:
    return str(row.participant.user).casefold()


GRID_SORTS = {
    "name": lambda row: "",
    # In the program's order (enrolled, on leave, withdrawn, ...), the same in every language.
    "status": lambda row: STATUS_ORDER[row.participant.status],
    "behind": lambda row: sum(1 for cell in row.cells if cell.overdue),
}


def grid_sorted(grid: CohortGrid, *, key: str, descending: bool = False) -> list[GridRow]:
    """Rows sorted by name, status, how far behind, or a requirement's approved amount
    (`key` is then the requirement's category); names break ties. Unknown keys: by name."""
    columns = {r.category: index for index, r in enumerate(grid.requirements)}
    if key in columns:
        index = columns[key]

        def primary(row):
            return row.cells[index].progress.approved
    else:
        primary = GRID_SORTS.get(key, GRID_SORTS["name"])
    return sorted(grid.rows, key=lambda row: (primary(row), _name(row)), reverse=descending)
