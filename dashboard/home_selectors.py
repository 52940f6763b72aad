"""Reads for the staff home page: a cohort at a glance and what needs doing today.

Every action count is the length of the very queryset the linked page lists (the same
selector, the same filters), so the number on the dashboard is the number of rows found
there. Each part costs a fixed number of queries, whatever the number of people.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications import selectors as application_selectors
from applications.models import Application, InterestSignup, InterviewScore, Recommendation
from checkins import board_selectors, placement_selectors
from checkins.checkin_selectors import missed_before
from cohorts.models import Cohort, Participant, Requirement
from requirements_tracking import exam_review_selectors, session_selectors
from requirements_tracking import selectors as progress_selectors
from requirements_tracking.models import Exam
from sponsors import money_selectors

AS = Application.Status
PS = Participant.Status


def _url(name: str, **query) -> str:
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


# --- The cohort ---------------------------------------------------------------------------


def cohort_years() -> list[int]:
    """The years to choose from (a cohort is named by its year), newest first."""
    return list(Cohort.objects.order_by("-year").values_list("year", flat=True).distinct())


def chosen_cohort(year: str | None) -> Cohort | None:
    """The cohort asked for by year (?cohort=2026), else the one in progress."""
    asked = Cohort.objects.filter(year=year).order_by("pk").first() if year and year.isdigit() else None
    return asked or progress_selectors.cohort_in_progress()


# --- The pipeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    label: str
    count: int
    url: str


def pipeline(cohort: Cohort) -> list[Stage]:
    """Interested → applied → recommended → interviewed → decided → enrolled: two queries.
    "Interested" is everyone who started an application or was invited from the interest
    list; each later stage is a subset of the one before it."""
    applications = Application.objects.filter(cohort=cohort)
    scored = InterviewScore.objects.filter(interview__application=OuterRef("pk"))
    received = Recommendation.objects.filter(application=OuterRef("pk"), status=Recommendation.Status.RECEIVED)
    sent = ~Q(status=AS.DRAFT)
    counts = applications.aggregate(
        started=Count("pk"),
        applied=Count("pk", filter=sent),
        recommended=Count("pk", filter=sent & Q(Exists(received))),
        interviewed=Count("pk", filter=Q(Exists(scored))),
        decided=Count("pk", filter=Q(status__in=(AS.ACCEPTED, AS.WAITLISTED, AS.DECLINED))),
    )
    invited = InterestSignup.objects.filter(invited_cohort=cohort).count()
    enrolled = cohort.participant_total
    # Links only where the page lists exactly the people counted.
    return [
        Stage(_("Interested"), counts["started"] + invited, ""),
        Stage(_("Applied"), counts["applied"], _url("applications_staff:queue", cohort=cohort.pk)),
        Stage(_("Recommended"), counts["recommended"], ""),
        Stage(_("Interviewed"), counts["interviewed"], ""),
        Stage(_("Decided"), counts["decided"], ""),
        Stage(_("Enrolled"), enrolled, reverse("cohorts_staff:cohort_detail", args=[cohort.pk])),
    ]


def with_participant_total(cohorts: list[Cohort]) -> None:
    """Everyone who ever joined each cohort (withdrawn people too: they did enrol), one query."""
    totals = dict(
        Participant.objects.filter(cohort__in=cohorts)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values_list("cohort", "n")
    )
    for cohort in cohorts:
        cohort.participant_total = totals.get(cohort.pk, 0)


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


# What the grid works out, and check-ins (from the placement years); other kinds come later.
CHARTED_KINDS = (*progress_selectors.TRACKED_KINDS, Requirement.Kind.CHECKINS)


def progress_bars(cohort: Cohort, *, today: datetime.date) -> list[RequirementBar]:
    """Per requirement of the cohort's set: the cohort grid (one call), counted. Withdrawn
    people are left out. Check-ins are counted from the placement years (three queries)."""
    grid = progress_selectors.cohort_grid(cohort, today=today)
    rows = [row for row in grid.rows if row.participant.status != PS.WITHDRAWN]
    years = placement_selectors.placement_years([row.participant for row in rows])
    late = missed_before(today)
    bars = []
    for index, requirement in enumerate(grid.requirements):
        if requirement.kind not in CHARTED_KINDS:
            continue
        complete = on_track = behind = not_started = 0
        for row in rows:
            if requirement.kind == Requirement.Kind.CHECKINS:
                year = years.get(row.participant.pk)
                if year is None:
                    not_started += 1
                elif year.done:
                    complete += 1
                elif year.next_due is not None and year.next_due < late:
                    behind += 1
                else:
                    on_track += 1
                continue
            cell = row.cells[index]
            if cell.progress.complete:
                complete += 1
            elif cell.overdue:
                behind += 1
            else:
                on_track += 1
        bars.append(RequirementBar(requirement, complete, on_track, behind, not_started))
    return bars


# --- What needs doing today -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionItem:
    label: str
    count: int
    url: str


def _applications_to_review():
    return application_selectors.applications_for_staff(status=AS.SUBMITTED)


def action_items(user, *, today: datetime.date) -> list[ActionItem]:
    """What is waiting, for the signed-in person's role: one count query per item."""
    items = []
    if user.has_role(Role.PROGRAM_STAFF):
        items.append(
            ActionItem(
                _("Applications to review"),
                _applications_to_review().count(),
                _url("applications_staff:queue", status=AS.SUBMITTED),
            )
        )
    if user.has_role(Role.PROGRAM_STAFF, Role.INSTRUCTOR):
        recruiting = application_selectors.latest_cohort()
        if recruiting is not None:
            items.append(
                ActionItem(
                    _("Interviews to score"),
                    application_selectors.interview_slots_for_staff(cohort=recruiting, to_score=True).count(),
                    _url("applications_staff:interviews", cohort=recruiting.pk, to_score="on"),
                )
            )
    if user.has_role(Role.PROGRAM_STAFF):
        items.append(
            ActionItem(
                _("Hours to approve"),
                progress_selectors.entries_awaiting_review().count(),
                _url("requirements_tracking_staff:inbox"),
            )
        )
    if user.has_role(Role.PROGRAM_STAFF, Role.INSTRUCTOR):
        items.append(
            ActionItem(
                _("Exam answers to score"),
                exam_review_selectors.scoring_queue(user=user).count(),
                _url("exam_review:queue"),
            )
        )
    if user.has_role(Role.PROGRAM_STAFF):
        items.append(
            ActionItem(
                _("People with an open check-in concern"),
                board_selectors.board_participants(today=today, status=board_selectors.FILTER_CONCERN).count(),
                _url("checkins_staff:board", status=board_selectors.FILTER_CONCERN),
            )
        )
    if user.has_role(Role.PROGRAM_STAFF, Role.FINANCE):
        items.append(
            ActionItem(
                _("Invoices overdue"),
                money_selectors.invoice_list(overdue_only=True, today=today).count(),
                _url("sponsors_finance:invoices", overdue="1"),
            )
        )
    return items


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
    first (two queries). Dates already past are left out."""
    now = timezone.now()
    dates = []
    sessions_page = reverse("sessions:staff_list") if user.has_role(Role.PROGRAM_STAFF, Role.INSTRUCTOR) else ""
    for session in session_selectors.sessions_for_staff(cohort).filter(starts_at__gte=now)[:UPCOMING_SESSIONS]:
        dates.append(UpcomingDate(session.title, timezone.localdate(session.starts_at), None, sessions_page))
    cohort_page = reverse("cohorts_staff:cohort_detail", args=[cohort.pk]) if user.is_program_staff else ""
    if cohort.intensive_end >= today:
        dates.append(
            UpcomingDate(_("In-person training intensive"), cohort.intensive_start, cohort.intensive_end, cohort_page)
        )
    exam_list = reverse("exam_bank:exam_list") if user.is_program_staff else ""
    for exam in Exam.objects.filter(cohort=cohort, closes_at__gte=now).order_by("opens_at"):
        dates.append(
            UpcomingDate(
                _("Exam window: %(title)s") % {"title": exam.title},
                timezone.localdate(exam.opens_at),
                timezone.localdate(exam.closes_at),
                exam_list,
            )
        )
    if cohort.graduation_date >= today:
        dates.append(UpcomingDate(_("Graduation"), cohort.graduation_date, None, cohort_page))
    return sorted(dates, key=lambda date: date.start)
