"""The program's reports: cohort outcomes, the way in by year, hopes and placements by area,
and equity. Aggregates only, every count through cpse.aggregates (its docstring says
the rules); nothing here returns a name, an email or an answer.

Rules chosen here: the same tables are built for two readers. For program staff alone (the
page and its CSVs, `exact=True`) every figure is exact: staff may open every record
anyway. For what leaves the program (the funder summary PDF, the CSVs meant for funders,
and the page as finance reads it: what funders get) small counts are suppressed.

Zero is shown as 0, not suppressed: it points at nobody, and an equity report that hid
"0 people from this state received a scholarship" would hide what it exists to show.

Every report reads the apps through their selectors, each a fixed number of queries, so a
report costs the same whether a cohort has 3 people or 300. Reports shown together read
what they share once (`ReportReads`).

What the figures mean:
- enrolled: everyone who took a place in the cohort, withdrawn included (an honest rate);
- completed: status completed or certified; days to complete run from the cohort's
  program start to the first recorded change to completed or certified;
- exam: participants with a scored attempt; first attempt passed, passed at all;
- certified: certified today by certificates.selectors' one rule (a certificate neither
  revoked, replaced nor expired);
- placed within N months: completers whose first placement started by the program's end
  plus N months;
- check-in retention: placed participants who filed at least a quarter, half, three
  quarters and all of the check-ins of their year (rounded up; as many as their
  requirement set asked when the year's schedule was written, `checkins.schedule`). The
  rows name the counts of the longest year in the cohort (3, 6, 9 and 12 of 12); no rows
  when nobody placed has check-ins;
- the way in: people invited from the interest list, applications sent, recommendations
  received, interviews held, decisions, offers, enrolments, for each cohort; each
  percentage is of the stage before. Drop-offs between stages are not shown as counts.

A figure hidden in one row is hidden wherever it stands: when "Completed the program" or
"Took the final exam" hides its count, the rows counted out of it (placements, exam
passes) show nothing, as their "out of" would give it back. The areas and equity tables
are suppressed as one table with their totals row (cpse.aggregates), those totals never
hidden, as the outcomes show the cohort's size anyway.

Known limit: figures that nest (completed and certified, the stages of the way in) are
suppressed one by one, so the difference of two shown figures can be a small number
(7 completed, 6 certified). They describe the group's progress; which person is behind
such a difference stays unknown to a reader who does not already know the cohort.
"""

import math
import statistics
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from applications import selectors as application_selectors
from certificates.selectors import certified_participant_ids
from checkins.placement.selectors import placement_facts
from cohorts import selectors as cohort_selectors
from cohorts.models import Cohort, Participant
from cpse.aggregates import EXACT, SMALL_GROUP, Cell, Share, is_small, not_shown, share, suppress
from cpse.dates import add_months
from requirements_tracking.exam.selectors import exam_outcomes
from sponsors.money.selectors import participants_with_fee_reduction

PS = Participant.Status
FINISHED = (PS.COMPLETED, PS.CERTIFIED)
PLACED_WITHIN_MONTHS = (3, 6, 12)
QUARTERS = (1, 2, 3, 4)


def checkins_mark(total: int, quarters: int) -> int:
    """`quarters` quarters of `total` check-ins, rounded up (3, 6, 9 and 12 of 12)."""
    return math.ceil(total * quarters / 4)


@dataclass(frozen=True)
class Table:
    """One report as a table: the same rows on the page, in the CSV and in the PDF."""

    key: str
    title: str
    explanation: str
    columns: list[str]  # the first names the row labels
    rows: list[tuple[str, list[str]]]
    total: tuple[str, list[str]] | None = None

    @property
    def all_rows(self) -> list[tuple[str, list[str]]]:
        return [*self.rows, self.total] if self.total else self.rows


def _share_cells(value: Share) -> list[str]:
    return [str(value.count), str(value.total), value.percent]


def median_days(days: list[int], threshold: int = SMALL_GROUP) -> str:
    """A median of fewer than 5 people would point at them: not shown then (unless the
    figures are exact, for staff)."""
    if not days:
        return "–"
    if is_small(len(days), threshold):
        return not_shown()
    return str(round(statistics.median(days)))


class ReportReads:
    """What several reports read, read once for the tables shown together (a page, a PDF):
    the cohort's participants, their placements, and the list of cohorts."""

    def __init__(
        self, cohort: Cohort | None, *, cohort_choices: list[tuple[int, str]] | None = None, exact: bool = False
    ):
        self.cohort = cohort
        # Below it a count is suppressed: none for staff's exact figures (cpse.aggregates).
        self.threshold = EXACT if exact else SMALL_GROUP
        if cohort_choices is not None:
            self.cohort_choices = cohort_choices

    @cached_property
    def participants(self) -> list:
        return cohort_selectors.participant_facts(self.cohort)

    @cached_property
    def placements(self) -> dict:
        return placement_facts([fact.id for fact in self.participants])

    @cached_property
    def cohort_choices(self) -> list[tuple[int, str]]:
        return cohort_selectors.cohort_choices()


# --- Cohort outcomes ------------------------------------------------------------------------


def outcomes_table(reads: ReportReads) -> Table:
    cohort, facts = reads.cohort, reads.participants
    ids = [fact.id for fact in facts]
    finished = [fact.id for fact in facts if fact.status in FINISHED]
    dates = {fact.id: fact.finished_on for fact in facts if fact.finished_on is not None}
    exams = exam_outcomes(ids)
    certified = certified_participant_ids(ids)
    placements = reads.placements
    years = [(placement.checkins_filed, placement.checkins_scheduled) for placement in placements.values()]
    threshold = reads.threshold
    enrolled = len(ids)
    completed = share(len(finished), enrolled, threshold)
    took = share(len(exams), enrolled, threshold)
    days = [(dates[pid] - cohort.program_start).days for pid in finished if pid in dates]
    rows: list[tuple[str, list[str]]] = [
        (_("Enrolled"), [str(Cell.of(enrolled, threshold)), "", ""]),
        (_("Completed the program"), _share_cells(completed)),
        (_("Median days from the program's start to completion"), [median_days(days, threshold), "", ""]),
        (_("Took the final exam"), _share_cells(took)),
        (
            _("Passed the exam on their first attempt"),
            _share_cells(share(sum(1 for o in exams.values() if o.passed_first_attempt), took.count, threshold)),
        ),
        (_("Passed the exam"), _share_cells(share(sum(1 for o in exams.values() if o.passed), took.count, threshold))),
        (_("Certified"), _share_cells(share(len(certified), enrolled, threshold))),
    ]
    for months in PLACED_WITHIN_MONTHS:
        by = add_months(cohort.program_end, months)
        placed = sum(1 for pid in finished if pid in placements and placements[pid].first_start <= by)
        rows.append(
            (
                _("Placed within %(months)s months of the program's end") % {"months": months},
                _share_cells(share(placed, completed.count, threshold)),
            )
        )
    longest = max((scheduled for _filed, scheduled in years), default=0)
    for quarters in QUARTERS if longest else ():
        kept_up = sum(1 for filed, scheduled in years if filed >= checkins_mark(scheduled, quarters))
        rows.append(
            (
                _("Placed participants who filed at least %(number)s of %(total)s check-ins")
                % {"number": checkins_mark(longest, quarters), "total": longest},
                _share_cells(share(kept_up, len(placements), threshold)),
            )
        )
    return Table(
        key="outcomes",
        title=_("Cohort outcomes"),
        explanation=_(
            "How the cohort did: who completed, passed the exam, was certified, found a placement and kept up "
            "their monthly check-ins in the first year of work. Placements count the people who completed; "
            "check-ins count the people placed."
        ),
        columns=[_("Figure"), _("People"), _("Out of"), _("Share")],
        rows=rows,
    )


# --- The way in, by year --------------------------------------------------------------------


def pipeline_table(reads: ReportReads) -> Table:
    stages = application_selectors.PIPELINE_STAGES
    counts = application_selectors.pipeline_counts()
    rows = []
    for cohort_id, label in reads.cohort_choices:
        values = [counts.get(cohort_id, {}).get(stage, 0) for stage in stages]
        cells = [Cell.of(value, reads.threshold) for value in values]
        texts = [str(cells[0])]
        for before, cell in zip(cells, cells[1:], strict=False):
            if cell.shown and before.shown and before.value:
                texts.append(
                    _("%(count)s (%(percent)s percent)")
                    % {"count": cell.value, "percent": round(100 * cell.value / before.value)}
                )
            else:
                texts.append(str(cell))
        rows.append((label, texts))
    return Table(
        key="pipeline",
        title=_("The way in, by year"),
        explanation=_(
            "How many people reached each step, from an invitation sent to the interest list to a place in "
            "the cohort. The percentage beside a number is the share of the step before."
        ),
        columns=[
            _("Cohort"),
            _("Invited from the interest list"),
            _("Applied"),
            _("Recommended"),
            _("Interviewed"),
            _("Decided"),
            _("Offered a place"),
            _("Enrolled"),
        ],
        rows=rows,
    )


# --- Hopes and placements by area -----------------------------------------------------------


def areas_table(reads: ReportReads) -> Table:
    facts, placements = reads.participants, reads.placements
    areas = Participant.Aspiration
    placed_in = {pid: placement.role for pid, placement in placements.items()}
    grid = [
        [
            sum(1 for fact in facts if fact.aspiration == area),
            sum(1 for role in placed_in.values() if role == area),
            sum(1 for fact in facts if fact.aspiration == area and placed_in.get(fact.id) == area),
        ]
        for area in areas.values
    ]
    table = suppress(grid, column_totals=True, threshold=reads.threshold)
    return Table(
        key="areas",
        title=_("Hopes and placements by area"),
        explanation=_(
            "The area of peer work people hoped for when they enrolled, beside the area they work in now "
            "(or last worked in), and how many work in the area they hoped for."
        ),
        columns=[_("Area"), _("Hoped to work here"), _("Working here"), _("Working in the area they hoped for")],
        rows=[(str(label), [str(cell) for cell in row]) for label, row in zip(areas.labels, table.cells, strict=True)],
        total=(_("All areas"), [str(total) for total in table.column_totals]),
    )


# --- Equity ---------------------------------------------------------------------------------


def equity_table(reads: ReportReads) -> Table:
    cohort, facts = reads.cohort, reads.participants
    ids = [fact.id for fact in facts]
    accommodated = application_selectors.users_with_access_needs(cohort=cohort, user_ids=[f.user_id for f in facts])
    reduced = participants_with_fee_reduction(ids)
    states = sorted({fact.home_state for fact in facts}, key=lambda state: (state == "", state))
    grid = [
        [
            sum(1 for fact in facts if fact.home_state == state),
            sum(1 for fact in facts if fact.home_state == state and fact.user_id in accommodated),
            sum(1 for fact in facts if fact.home_state == state and fact.id in reduced),
        ]
        for state in states
    ]
    table = suppress(grid, column_totals=True, threshold=reads.threshold)
    totals = table.column_totals or [Cell.of(0)] * 3  # a cohort with nobody yet
    return Table(
        key="equity",
        title=_("Equity: where people live, accommodations and fee help"),
        explanation=_(
            "For each home state: how many people enrolled, how many asked for an accommodation (an "
            "interpreter, captions, extra time, other formats), and how many received a scholarship or a "
            "sliding-scale fee reduction. Only counts: never who."
        ),
        columns=[
            _("Home state"),
            _("Participants"),
            _("Asked for an accommodation"),
            _("Scholarship or fee reduction"),
        ],
        rows=[
            (state or _("Not given"), [str(cell) for cell in row])
            for state, row in zip(states, table.cells, strict=True)
        ],
        total=(_("All states"), [str(total) for total in totals]),
    )


# Which reports each role may read (program staff: all; finance: what funders get).
REPORTS = {"outcomes": outcomes_table, "pipeline": pipeline_table, "areas": areas_table, "equity": equity_table}
FUNDER_REPORTS = ("outcomes", "equity")


def report_tables(
    keys, cohort: Cohort | None, *, cohort_choices: list[tuple[int, str]] | None = None, exact: bool = False
) -> list[Table]:
    """These reports (the pipeline needs no cohort; the others do), reading what they share
    once. `cohort_choices`: the list of cohorts, when the caller has it already. `exact`:
    for program staff alone, nothing suppressed (the module's rules); else as funders get it."""
    reads = ReportReads(cohort, cohort_choices=cohort_choices, exact=exact)
    return [REPORTS[key](reads) for key in keys]
