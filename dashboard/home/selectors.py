"""Reads for the staff home page: a cohort at a glance and what needs doing today.

Rules chosen here: an action item counts only what staff can act on now (an application
whose recommendation has arrived, an interview held and not scored, a person who can be
certified, hours waiting, an open concern...), and links to a page listing exactly those.
Every action count is the length of the very queryset the linked page lists (the same
selector, the same filters), so the number on the dashboard is the number of rows found
there; where that page works its rows out in Python (supervision gaps, who can be
certified), the count calls the page's own function. The counts are taken together in
one statement (`count_each`), and each part costs a fixed number of queries, whatever the
number of people.
"""

import datetime
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import DateTimeField, Exists, OuterRef, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications import selectors as application_selectors
from applications.models import Application, InterestSignup, InterviewScore, Recommendation
from certificates.selectors import certificate_annotations, ready_to_certify_count
from checkins.board.selectors import on_the_board, open_concerns
from checkins.supervision.selectors import contracted_gaps
from cohorts.models import Cohort, Participant, Requirement
from cohorts.pauses import selectors as pause_selectors
from cpse.prepared import prepared
from mentorship import selectors as mentorship_selectors
from mentorship.models import MentorVolunteer
from requirements_tracking.ethics.selectors import DUE, acknowledgment_rows
from requirements_tracking.exam_review.selectors import scoring_queue
from requirements_tracking.hours.selectors import entries_awaiting_review
from requirements_tracking.models import Exam
from requirements_tracking.progress import TRACKED_KINDS, CohortGrid, cohort_grids
from requirements_tracking.readiness.selectors import waiting_for_judgement
from requirements_tracking.sessions.selectors import sessions_for_staff
from sponsors.money.selectors import invoice_list

AS = Application.Status
PS = Participant.Status


def _url(name: str, **query) -> str:
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def _counting_sql(querysets: dict[str, QuerySet]) -> tuple[tuple[str, ...], tuple[str, ...], tuple]:
    """The labels, each queryset's SQL as counted (its primary keys, unordered: Django's
    own compiled SQL, every value a parameter) and the parameters, in order."""
    labels, parts, params = [], [], []
    for label, queryset in querysets.items():
        sql, queryset_params = queryset.order_by().values("pk").query.sql_with_params()
        labels.append(label)
        parts.append(sql)
        params.extend(queryset_params)
    return tuple(labels), tuple(parts), tuple(params)


def count_each(
    querysets: dict[str, QuerySet],
    *,
    fixed: tuple[Hashable, Callable[[], dict[str, QuerySet]]] | None = None,
) -> dict[str, int]:
    """The number of rows of each queryset, in one statement: `SELECT COUNT(*) FROM (...)`
    of each, joined by UNION ALL (the subquery form `.count()` itself uses for grouped
    querysets). Counting the pages' own querysets keeps every number equal to their rows;
    one statement instead of one per count keeps the page's query count low.

    `fixed` is (key, build): more querysets to count, whose SQL depends on the key alone
    (`cpse.prepared`): built and compiled once per process, counted fresh every time."""
    labels, parts, params = _counting_sql(querysets)
    if fixed is not None:
        key, build = fixed
        more_labels, more_parts, more_params = prepared(("dashboard.count_each", key), lambda: _counting_sql(build()))
        labels, parts, params = labels + more_labels, parts + more_parts, params + more_params
    if not parts:
        return {}
    # Django's own compiled SQL; every value stays a parameter.
    statement = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM ({sql}) counted_{index}"  # noqa: S608
        for index, sql in enumerate(parts)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        counts = dict(cursor.fetchall())
    return {label: counts[index] for index, label in enumerate(labels)}


# --- The cohort ---------------------------------------------------------------------------


def cohort_years(cohorts: list[Cohort]) -> list[int]:
    """The years to choose from (a cohort is named by its year), newest first."""
    return list(dict.fromkeys(cohort.year for cohort in cohorts))


def cohort_asked(year: str | None, *, cohorts: list[Cohort]) -> Cohort | None:
    """The cohort asked for by year (?cohort=2026; the first made, if two share it)."""
    wanted = int(year) if year and year.isdigit() else None
    return next((cohort for cohort in cohorts if cohort.year == wanted), None)


# --- The pipeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    label: str
    count: int
    url: str


def pipeline_querysets(cohort: Cohort) -> dict[str, QuerySet]:
    """Interested → applied → recommended → interviewed → decided → enrolled, for
    `count_each`. "Interested" is everyone who started an application or was invited from
    the interest list; each later stage is a subset of the one before it. Enrolled is
    everyone who ever joined (withdrawn people too: they did enrol)."""
    applications = Application.objects.filter(cohort=cohort)
    scored = InterviewScore.objects.filter(interview__application=OuterRef("pk"))
    received = Recommendation.objects.filter(application=OuterRef("pk"), status=Recommendation.Status.RECEIVED)
    applied = applications.exclude(status=AS.DRAFT)
    return {
        "started": applications,
        "invited": InterestSignup.objects.filter(invited_cohort=cohort),
        "applied": applied,
        "recommended": applied.filter(Exists(received)),
        "interviewed": applications.filter(Exists(scored)),
        "decided": applications.filter(status__in=(AS.ACCEPTED, AS.WAITLISTED, AS.DECLINED)),
        "enrolled": Participant.objects.filter(cohort=cohort),
    }


def pipeline(cohort: Cohort, counts: dict[str, int]) -> list[Stage]:
    """The stages, from `count_each(pipeline_querysets(cohort))`."""
    # Links only where the page lists exactly the people counted.
    return [
        Stage(_("Interested"), counts["started"] + counts["invited"], ""),
        Stage(_("Applied"), counts["applied"], _url("applications_staff:queue", cohort=cohort.pk)),
        Stage(_("Recommended"), counts["recommended"], ""),
        Stage(_("Interviewed"), counts["interviewed"], ""),
        Stage(_("Decided"), counts["decided"], ""),
        Stage(_("Enrolled"), counts["enrolled"], reverse("cohorts_staff:cohort_detail", args=[cohort.pk])),
    ]


# --- Progress per requirement ----------------------------------------------------------------


@dataclass(frozen=True)
class RequirementBar:
    """How many participants have completed a requirement, are on track, are behind or (check-ins
    only) have not started their placement year yet. `segments` are (label, count, x, width, css)
    in percent of the bar, worked out here so the template only draws."""

    requirement: Requirement
    complete: int
    on_track: int
    behind: int
    not_started: int
    label: str = ""  # the requirement's category, in the reader's language

    @property
    def total(self) -> int:
        return self.complete + self.on_track + self.behind + self.not_started

    @property
    def segments(self) -> list[tuple[str, int, float, float, str]]:
        parts = [
            (_("Complete"), self.complete, "bar-complete"),
            (_("On track"), self.on_track, "bar-on-track"),
            (_("Behind"), self.behind, "bar-behind"),
            (_("Not started"), self.not_started, "bar-not-started"),
        ]
        segments, x = [], 0.0
        for label, count, css in parts:
            width = 100 * count / self.total if self.total else 0
            if count:
                segments.append((label, count, round(x, 2), round(width, 2), css))
            x += width
        return segments


# What the grid works out, and check-ins (the grid reads them from the placement years); other kinds come later.
CHARTED_KINDS = (*TRACKED_KINDS, Requirement.Kind.CHECKINS)


def cohort_grids_read(cohorts: list[Cohort | None], *, today: datetime.date) -> dict[int, CohortGrid]:
    """The grids the page reads, by cohort id, in one call (the same queries for one cohort
    or two): the chosen cohort's for its bars, the cohort in progress's for who can be
    certified. Each participant carries whether they hold a certificate
    (`certificate_annotations`); check-ins are in the grid's cells."""
    unique = list({cohort.pk: cohort for cohort in cohorts if cohort is not None}.values())
    grids = cohort_grids(
        unique, today=today, annotations=certificate_annotations(), annotations_key="certificate_annotations"
    )
    return {grid.cohort.pk: grid for grid in grids}


def progress_bars(grid: CohortGrid) -> list[RequirementBar]:
    """Per requirement of the cohort's set: the cohort grid (`cohort_grids_read`), counted.
    Withdrawn people are left out. Check-ins: not started before the placement year, behind
    while one is missed."""
    rows = [row for row in grid.rows if row.participant.status != PS.WITHDRAWN]
    # Looked up once: get_category_display rebuilds the translated choices on every call.
    labels = {value: str(label) for value, label in Requirement.Category.choices}
    bars = []
    for index, requirement in enumerate(grid.requirements):
        if requirement.kind not in CHARTED_KINDS:
            continue
        complete = on_track = behind = not_started = 0
        for row in rows:
            cell = row.cells[index]
            if requirement.kind == Requirement.Kind.CHECKINS:
                year = cell.progress.checkins
                if year is None:
                    not_started += 1
                elif cell.progress.complete:
                    complete += 1
                elif year.missed:
                    behind += 1
                else:
                    on_track += 1
                continue
            if cell.progress.complete:
                complete += 1
            elif cell.overdue:
                behind += 1
            else:
                on_track += 1
        bars.append(
            RequirementBar(
                requirement,
                complete,
                on_track,
                behind,
                not_started,
                labels.get(requirement.category, requirement.category),
            )
        )
    return bars


# --- What needs doing today -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionItem:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class _Queue:
    """An action item before counting: `rows` makes the linked page's queryset, counted with
    the others in one statement; None when the linked page works its rows out in Python,
    and `counted` then counts them the page's way. `fixed`: the queryset's SQL depends only
    on what `action_items` keys it by (the person, their roles, the day, the cohorts), so
    it is built once per process (`cpse.prepared`); not fixed when it reads the clock."""

    key: str
    label: str
    rows: Callable[[], QuerySet] | None
    url: str
    counted: Callable[[], int] | None = None
    fixed: bool = True


# Once its recommendation has arrived an application moves on to "being reviewed" by
# itself (applications.services.recommendation_submit): that is when staff can act on it.
TO_REVIEW = AS.UNDER_REVIEW


def _queues(
    user,
    *,
    today: datetime.date,
    in_progress: Cohort | None,
    cohorts: list[Cohort] | None,
    in_progress_grid: CohortGrid | None,
) -> list[_Queue]:
    """What is waiting, for the signed-in person's role (`cohorts`: every cohort, read
    when the person is program staff or an instructor; `in_progress_grid`: the grid of
    the cohort in progress, read with `cohort_grids_read`, for program staff)."""
    staff = user.has_role(Role.PROGRAM_STAFF)
    scorer = user.has_role(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
    queues = []
    if staff:
        queues.append(
            _Queue(
                "applications",
                _("Applications to review"),
                lambda: application_selectors.applications_for_staff(status=TO_REVIEW),
                _url("applications_staff:queue", status=TO_REVIEW),
            )
        )
    if scorer:
        recruiting = application_selectors.latest_cohort(among=cohorts)
        if recruiting is not None:
            queues.append(
                _Queue(
                    "interviews",
                    _("Interviews to score"),
                    lambda: application_selectors.interview_slots_for_staff(
                        cohort=recruiting, to_score=True, interviewer=None if staff else user
                    ),
                    _url("applications_staff:interviews", cohort=recruiting.pk, to_score="on"),
                    # Slots are "held" by the time of day.
                    fixed=False,
                )
            )
    if staff:
        queues.append(
            _Queue(
                "hours",
                _("Hours to approve"),
                entries_awaiting_review,
                _url("requirements_tracking_staff:inbox"),
            )
        )
    if scorer:
        queues.append(
            _Queue(
                "exam_answers",
                _("Exam answers to score"),
                lambda: scoring_queue(user=user),
                _url("exam_review:queue"),
            )
        )
    if staff:
        queues += [
            _Queue(
                "concerns",
                _("Open check-in concerns"),
                open_concerns,
                _url("checkins_staff:concerns"),
            ),
            # The program standards.
            _Queue(
                "readiness",
                _("Readiness answers waiting for a judgement"),
                waiting_for_judgement,
                _url("readiness:staff_list"),
            ),
            _Queue(
                "pauses_due_back",
                _("Program pauses whose return date has come (on the list of pauses)"),
                lambda: pause_selectors.pauses_due_back(today),
                _url("readiness:staff_list", show="pauses"),
            ),
            _Queue(
                "supervision_gaps",
                _("People with a supervision gap (shown on the check-in board)"),
                None,
                _url("checkins_staff:board"),
                counted=lambda: supervision_gap_count(today),
            ),
            _Queue(
                "volunteers",
                _("Graduates offering to mentor, waiting for an answer"),
                lambda: mentorship_selectors.offers_for_staff().filter(status=MentorVolunteer.Status.WAITING),
                _url("mentorship:staff_volunteers"),
            ),
        ]
        if in_progress_grid is not None:
            queues.append(
                _Queue(
                    "certify",
                    _("People who can be certified now"),
                    None,
                    _url("certificates_staff:cohort", cohort=in_progress_grid.cohort.pk),
                    counted=lambda: ready_to_certify_count(in_progress_grid),
                )
            )
        if in_progress is not None:
            queues.append(
                _Queue(
                    "ethics",
                    _("People who have not acknowledged the current code of ethics"),
                    lambda: acknowledgment_rows(in_progress, status=DUE),
                    _url("ethics:staff_acknowledgments", cohort=in_progress.pk, status=DUE),
                )
            )
    if user.has_role(Role.PROGRAM_STAFF, Role.FINANCE):
        queues.append(
            _Queue(
                "invoices",
                _("Invoices overdue"),
                lambda: invoice_list(overdue_only=True, today=today),
                _url("sponsors_finance:invoices", overdue="1"),
            )
        )
    return queues


def supervision_gap_count(today: datetime.date) -> int:
    """People on the check-in board (`on_the_board`) whose supervision is beyond its
    agreed rhythm (the board's "Gap" badge): one query."""
    gaps = contracted_gaps(
        lambda: on_the_board(today=today).order_by().values("pk"), today, prepared_as=("on_the_board", today)
    )
    return sum(1 for gap in gaps.values() if gap.gap_days)


def action_items(
    user,
    *,
    today: datetime.date,
    in_progress: Cohort | None,
    cohorts: list[Cohort] | None = None,
    in_progress_grid: CohortGrid | None = None,
    pipeline_of: Cohort | None = None,
) -> tuple[list[ActionItem], dict[str, int]]:
    """What is waiting, counted in one statement together with the pipeline of the cohort
    `pipeline_of` (`pipeline_querysets`), whose counts come back as the second value. The
    code of ethics item shows only when the cohort in progress has it among its requirements.

    The statement's fixed parts are built once per process (`cpse.prepared`), keyed by all
    they depend on: the person and their roles, the day, the cohort in progress and the
    pipeline's cohort. The counts themselves are read on every call."""
    queues = _queues(user, today=today, in_progress=in_progress, cohorts=cohorts, in_progress_grid=in_progress_grid)
    fixed = [queue for queue in queues if queue.rows is not None and queue.fixed]

    def fixed_querysets() -> dict[str, QuerySet]:
        querysets = {queue.key: queue.rows() for queue in fixed}
        if in_progress is not None and "ethics" in querysets:
            querysets["ethics_required"] = Requirement.objects.filter(
                requirement_set_id=in_progress.requirement_set_id, kind=Requirement.Kind.ETHICS
            )
        if pipeline_of is not None:
            querysets.update({f"pipeline:{key}": rows for key, rows in pipeline_querysets(pipeline_of).items()})
        return querysets

    key = (
        user.pk,
        frozenset(role for role in Role.values if user.has_role(role)),
        today,
        (in_progress.pk, in_progress.credential_id, in_progress.requirement_set_id) if in_progress else None,
        pipeline_of.pk if pipeline_of else None,
        tuple(queue.key for queue in fixed),
    )
    counts = count_each(
        {queue.key: queue.rows() for queue in queues if queue.rows is not None and not queue.fixed},
        fixed=(key, fixed_querysets),
    )
    items = []
    for queue in queues:
        if queue.key == "ethics" and not counts["ethics_required"]:
            continue
        count = queue.counted() if queue.rows is None else counts[queue.key]
        items.append(ActionItem(queue.label, count, queue.url))
    pipeline_counts = {key[len("pipeline:") :]: count for key, count in counts.items() if key.startswith("pipeline:")}
    return items, pipeline_counts


# --- Dates ahead ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UpcomingDate:
    label: str
    start: datetime.date
    end: datetime.date | None
    url: str


UPCOMING_SESSIONS = 5


def upcoming_dates(cohort: Cohort, *, today: datetime.date, user) -> list[UpcomingDate]:
    """The next sessions, the intensive week, the exam window and graduation, soonest
    first. Dates already past are left out. The sessions and exams ahead are read in one
    statement (a cohort has a few dozen sessions: the next ones are picked here)."""
    now = timezone.now()
    # (title, start, end): a session has no end, an exam window has.
    sessions = (
        sessions_for_staff(cohort)
        .filter(starts_at__gte=now)
        .order_by()
        .values_list("title", "starts_at", Value(None, output_field=DateTimeField()))
    )
    exams = (
        Exam.objects.filter(cohort=cohort, closes_at__gte=now).order_by().values_list("title", "opens_at", "closes_at")
    )
    ahead = sorted(sessions.union(exams, all=True), key=lambda row: (row[1], row[0]))
    dates = []
    sessions_page = reverse("sessions:staff_list") if user.has_role(Role.PROGRAM_STAFF, Role.INSTRUCTOR) else ""
    for title, starts_at, _end in [row for row in ahead if row[2] is None][:UPCOMING_SESSIONS]:
        dates.append(UpcomingDate(title, timezone.localdate(starts_at), None, sessions_page))
    cohort_page = reverse("cohorts_staff:cohort_detail", args=[cohort.pk]) if user.is_program_staff else ""
    if cohort.intensive_end >= today:
        dates.append(
            UpcomingDate(_("In-person training intensive"), cohort.intensive_start, cohort.intensive_end, cohort_page)
        )
    exam_list = reverse("exam_bank:exam_list") if user.is_program_staff else ""
    for title, opens_at, closes_at in [row for row in ahead if row[2] is not None]:
        dates.append(
            UpcomingDate(
                _("Exam window: %(title)s") % {"title": title},
                timezone.localdate(opens_at),
                timezone.localdate(closes_at),
                exam_list,
            )
        )
    if cohort.graduation_date >= today:
        dates.append(UpcomingDate(_("Graduation"), cohort.graduation_date, None, cohort_page))
    return sorted(dates, key=lambda date: date.start)
