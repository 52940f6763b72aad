import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role, User
from applications.models import (
    AccessNeeds,
    Appeal,
    Application,
    ApplicationEvent,
    DecisionTemplate,
    InterestSignup,
    Interview,
    InterviewCalendar,
    InterviewerAssignment,
    InterviewScore,
    InterviewSlot,
    Recommendation,
    RubricCriterion,
    StaffNote,
)
from cohorts import selectors as cohort_selectors
from cohorts.models import Cohort, Participant
from cpse.dates import day_start
from cpse.prepared import prepared_rows

# --- For the applicant --------------------------------------------------------------


def application_for_applicant(user, *, featured: Cohort | None = None) -> Application | None:
    """The person's application to the featured cohort, or their most recent one.
    Pass `featured` when the page has already looked it up."""
    applications = Application.objects.filter(applicant=user).select_related(
        "cohort", "cohort__requirement_set", "interview", "interview__slot", "interview_calendar"
    )
    featured = featured or cohort_selectors.cohort_featured()
    return (featured and applications.filter(cohort=featured).first()) or applications.order_by("-created_at").first()


def application_timeline(application: Application) -> list[ApplicationEvent]:
    return list(application.events.order_by("at", "pk"))


def recommendation_status(application: Application) -> str | None:
    """What the applicant may know about the recommendation: received or waiting."""
    latest = application.recommendations.exclude(status=Recommendation.Status.REPLACED).order_by("-created_at").first()
    return latest.status if latest else None


def open_interview_slots(application: Application) -> QuerySet[InterviewSlot]:
    """The times she may choose (to book, or to move her interview to): her cohort's,
    still ahead, booked by nobody."""
    return InterviewSlot.objects.filter(
        cohort=application.cohort, interview__isnull=True, starts_at__gt=timezone.now()
    ).order_by("starts_at")


def interview_change_closes(interview: Interview) -> datetime.datetime:
    """Until when the applicant may move or cancel her interview herself."""
    return interview.slot.starts_at - datetime.timedelta(hours=settings.INTERVIEW_CHANGE_HOURS_BEFORE)


def interview_changeable_by_applicant(interview: Interview | None) -> bool:
    return interview is not None and timezone.now() < interview_change_closes(interview)


def interviews_missed(events: Iterable[ApplicationEvent]) -> int:
    """How many interviews she missed (program staff marked them), from her application's
    events (the timeline the page has read already)."""
    return sum(1 for event in events if event.change == ApplicationEvent.Change.INTERVIEW_MISSED)


def may_book_interview(*, missed: int) -> bool:
    """Each missed interview is followed by a new time to book, INTERVIEW_NO_SHOW_REBOOKS
    times in all; after that, the program team arranges it with her."""
    return missed <= settings.INTERVIEW_NO_SHOW_REBOOKS


def calendar_entry_before_changes(interview: Interview) -> InterviewCalendar:
    """The calendar entry of an interview booked before entries were kept: the UID its
    file had then (its time's public id), unsaved."""
    return InterviewCalendar(
        application_id=interview.application_id,
        uid=interview.slot.public_id,
        sequence=0,
        starts_at=interview.slot.starts_at,
        duration_minutes=interview.slot.duration_minutes,
    )


def interview_calendar_entry(application: Application) -> InterviewCalendar | None:
    """What her .ics file says now: the booked interview, or its cancellation (until she
    books again); None when there is nothing for a calendar."""
    interview = getattr(application, "interview", None)
    entry = getattr(application, "interview_calendar", None)
    if interview is not None:
        return entry or calendar_entry_before_changes(interview)
    return entry if entry is not None and entry.cancelled else None


# --- For program staff (applications.staff.views) -------------------------------------


@dataclass(frozen=True)
class QueueRow:
    application: Application
    average_score: float | None


def applications_for_staff(*, status: str = "", cohort: Cohort | None = None, state: str = "") -> QuerySet[Application]:
    """The staff queue, newest first: every sent application (drafts only when `status`
    asks for them), with the applicant, cohort, interview and the latest recommendation's
    status loaded up front, so a page costs the same few queries at any size."""
    latest_recommendation = (
        Recommendation.objects.filter(application=OuterRef("pk"))
        .exclude(status=Recommendation.Status.REPLACED)
        .order_by("-created_at")
        .values("status")[:1]
    )
    applications = (
        Application.objects.select_related("applicant", "cohort", "interview__slot")
        # Only the numbers: the comments are encrypted and the queue does not show them.
        .prefetch_related(
            Prefetch("interview__scores", queryset=InterviewScore.objects.only("pk", "interview_id", "scores"))
        )
        .annotate(recommendation_status=Subquery(latest_recommendation))
        .order_by(F("submitted_at").desc(nulls_last=True), "-created_at", "-pk")
    )
    applications = (
        applications.filter(status=status) if status else applications.exclude(status=Application.Status.DRAFT)
    )
    if cohort is not None:
        applications = applications.filter(cohort=cohort)
    if state:
        applications = applications.filter(home_state=state)
    return applications


def average_score(scores: Iterable[InterviewScore]) -> float | None:
    """The mean of every score every interviewer gave (each criterion counts once per interviewer)."""
    values = [value for score in scores for value in score.scores.values()]
    return sum(values) / len(values) if values else None


def queue_rows(applications: Iterable[Application]) -> list[QueueRow]:
    """One row per application of a queue page (the scores are already prefetched)."""
    rows = []
    for application in applications:
        interview = getattr(application, "interview", None)
        rows.append(QueueRow(application, average_score(interview.scores.all()) if interview else None))
    return rows


def application_for_staff(*, public_id) -> Application | None:
    """One application with everything its staff page shows, in a fixed number of queries."""
    return (
        Application.objects.select_related(
            "applicant", "cohort__requirement_set", "interview__slot", "interview_calendar"
        )
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "pk")),
            Prefetch("staff_notes", queryset=StaffNote.objects.select_related("author").order_by("created_at", "pk")),
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("-created_at", "-pk")),
            Prefetch(
                "interview__scores",
                queryset=InterviewScore.objects.select_related("interviewer").order_by("created_at", "pk"),
            ),
            Prefetch("appeals", queryset=Appeal.objects.select_related("decided_by").order_by("-submitted_at", "-pk")),
        )
        .filter(public_id=public_id)
        .first()
    )


@dataclass(frozen=True)
class EligibilityAnswers:
    """The eligibility step as staff read it (the answers are stored encrypted, as JSON)."""

    exit_year: int | None
    exit_month: datetime.date | None  # a day in that month, for showing the month's name
    free_from_dependency: bool | None
    education: str  # the label, or "" if not answered


def eligibility_answers(application: Application) -> EligibilityAnswers:
    answers = application.eligibility or {}
    year, month = answers.get("exit_year"), answers.get("exit_month")
    education = answers.get("education") or ""
    return EligibilityAnswers(
        exit_year=int(year) if year else None,
        exit_month=datetime.date(int(year), int(month), 1) if year and month else None,
        free_from_dependency=answers.get("free_from_dependency"),
        education=Application.Education(education).label if education in Application.Education.values else education,
    )


@dataclass(frozen=True)
class RubricLine:
    criterion: RubricCriterion
    scores: list[int | None]  # one per interviewer, in the order of RubricSummary.scores
    average: float | None


@dataclass(frozen=True)
class RubricSummary:
    scores: list[InterviewScore]  # one per interviewer
    lines: list[RubricLine]
    overall: float | None


def rubric_summary(scores: list[InterviewScore]) -> RubricSummary:
    """Each interviewer's score per criterion, the average per criterion and overall.
    Criteria no longer in use still show where someone scored them."""
    by_interviewer = [{int(key): value for key, value in score.scores.items()} for score in scores]
    lines = []
    for criterion in RubricCriterion.objects.order_by("position", "pk"):
        given = [values.get(criterion.pk) for values in by_interviewer]
        numbers = [value for value in given if value is not None]
        if criterion.active or numbers:
            lines.append(RubricLine(criterion, given, sum(numbers) / len(numbers) if numbers else None))
    return RubricSummary(scores=scores, lines=lines, overall=average_score(scores))


def latest_cohort(*, among: list[Cohort] | None = None) -> Cohort | None:
    """The newest cohort by year. `among`: every cohort, when the page has read them
    already (else one query)."""
    cohorts = list(Cohort.objects.all()) if among is None else among
    return max(cohorts, key=lambda cohort: cohort.year, default=None)


def interview_slots_for_staff(
    *, cohort: Cohort, past: bool = False, to_score: bool = False, interviewer=None
) -> QuerySet[InterviewSlot]:
    """A cohort's interview times from today on (or the earlier ones, latest first), with
    who booked each (or missed it) and the panel now (`slot.panel`). `to_score`: only interviews that
    have started and have no score yet (the staff dashboard counts these, so both read
    this one query). `interviewer`: only the times on that person's panel (an
    instructor sees the interviews they are assigned to, and no others)."""
    start_of_today = day_start(timezone.localdate())
    slots = InterviewSlot.objects.filter(cohort=cohort).select_related(
        "interview__application__applicant", "missed_by__applicant"
    )
    if interviewer is not None:
        slots = slots.filter(pk__in=panel_slot_ids(interviewer))
    slots = slots.prefetch_related(current_assignments())
    if to_score:
        return slots.filter(
            starts_at__lte=timezone.now(), interview__application__status=Application.Status.INTERVIEW_BOOKED
        ).order_by("starts_at", "pk")
    if past:
        return slots.filter(starts_at__lt=start_of_today).order_by("-starts_at", "-pk")
    return slots.filter(starts_at__gte=start_of_today).order_by("starts_at", "pk")


def interview_has_started(interview: Interview) -> bool:
    """Scores are recorded once the interview has started, not before."""
    return interview.slot.starts_at <= timezone.now()


def interview_slot_for_staff(*, public_id) -> InterviewSlot | None:
    """One interview time, with who booked it (if anyone), for its change and delete pages."""
    return (
        InterviewSlot.objects.select_related("cohort", "interview__application__applicant")
        .filter(public_id=public_id)
        .first()
    )


def interview_for_staff(*, public_id) -> Interview | None:
    """The interview of the application `public_id`, for the scoring page."""
    return (
        Interview.objects.select_related("slot", "application__applicant", "application__cohort")
        .filter(application__public_id=public_id)
        .first()
    )


def decision_templates_for_staff() -> QuerySet[DecisionTemplate]:
    kinds = [When(kind=kind, then=Value(position)) for position, kind in enumerate(DecisionTemplate.Kind.values)]
    return DecisionTemplate.objects.order_by(Case(*kinds, default=Value(len(kinds))), "language")


def rubric_criteria_in_use() -> QuerySet[RubricCriterion]:
    return RubricCriterion.objects.filter(active=True).order_by("position", "pk")


PANEL_ROLES = (Role.PROGRAM_STAFF, Role.INSTRUCTOR)


def interview_panel_candidates() -> QuerySet[User]:
    """Who may sit on an interview panel: active program staff and instructors who are not
    themselves applicants or participants, by name."""
    return (
        User.objects.filter(is_active=True, groups__name__in=PANEL_ROLES)
        .exclude(applications__isnull=False)
        .exclude(participations__isnull=False)
        .distinct()
        .order_by("display_name", "pk")
    )


def panel_of(slot: InterviewSlot) -> list[User]:
    """The interviewers on the slot's panel now."""
    return [
        assignment.interviewer
        for assignment in slot.assignments.filter(removed_at__isnull=True)
        .select_related("interviewer")
        .order_by("assigned_at", "pk")
    ]


def panel_slot_ids(user) -> QuerySet[InterviewerAssignment]:
    """The interview times `user` is on the panel of now, as a subquery of slot ids."""
    return InterviewerAssignment.objects.filter(interviewer=user, removed_at__isnull=True).values("slot_id")


def is_on_panel(*, slot_id: int, user) -> bool:
    return panel_slot_ids(user).filter(slot_id=slot_id).exists()


def current_assignments() -> Prefetch:
    """For lists of slots: `slot.panel`, the assignments now, each with its interviewer."""
    return Prefetch(
        "assignments",
        queryset=InterviewerAssignment.objects.filter(removed_at__isnull=True)
        .select_related("interviewer")
        .order_by("assigned_at", "pk"),
        to_attr="panel",
    )


def interview_score_by(*, interview: Interview, interviewer) -> InterviewScore | None:
    return InterviewScore.objects.filter(interview=interview, interviewer=interviewer).first()


# --- For reports (dashboard.reports.selectors): counts, never answers ------------------------

A = Application.Status
PIPELINE_STAGES = ("interested", "applied", "recommended", "interviewed", "decided", "accepted", "enrolled")


def pipeline_counts() -> dict[int, dict[str, int]]:
    """Per cohort id, how many people reached each stage of the way in (one query):
    invited from the interest list, sent an application, had a recommendation arrive, were
    interviewed, had a decision, were offered a place, took their place (withdrawn since
    included). A later withdrawal does not undo a stage reached. The statement takes no
    input: it is built once per process (`cpse.prepared`), its rows read every time."""
    rows = prepared_rows(("applications.pipeline_counts",), _pipeline_count_rows)
    return {pk: dict(zip(PIPELINE_STAGES, counts, strict=True)) for pk, *counts in rows}


def _pipeline_count_rows() -> QuerySet:
    def reached(*statuses):
        return Exists(ApplicationEvent.objects.filter(application=OuterRef("pk"), to_status__in=statuses))

    def per_cohort(rows: QuerySet, field: str = "cohort"):
        counted = rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted[:1]), 0)

    received = Recommendation.objects.filter(application=OuterRef("pk"), status=Recommendation.Status.RECEIVED)
    rows = Cohort.objects.annotate(
        interested=per_cohort(InterestSignup.objects.all(), "invited_cohort"),
        applied=per_cohort(Application.objects.filter(submitted_at__isnull=False)),
        recommended=per_cohort(Application.objects.filter(Exists(received))),
        interviewed=per_cohort(Application.objects.filter(reached(A.INTERVIEWED))),
        decided=per_cohort(Application.objects.filter(reached(A.ACCEPTED, A.WAITLISTED, A.DECLINED))),
        accepted=per_cohort(Application.objects.filter(reached(A.ACCEPTED))),
        enrolled=per_cohort(Participant.objects.all()),
    ).values_list("pk", *PIPELINE_STAGES)
    return rows.order_by()


def users_with_access_needs(*, cohort: Cohort, user_ids) -> set[int]:
    """Those of these people who asked for an accommodation: in their access needs record,
    or, before one exists, in their application to the cohort (two queries). Only whether
    they asked is returned, never what."""
    user_ids = list(user_ids)
    recorded = {needs.user_id: needs.any for needs in AccessNeeds.objects.filter(user_id__in=user_ids)}
    asked = {user_id for user_id, any_need in recorded.items() if any_need}
    for user_id, needs, language in Application.objects.filter(cohort=cohort, applicant_id__in=user_ids).values_list(
        "applicant_id", "access_needs", "interpreter_language"
    ):
        if user_id not in recorded and (needs.strip() or language.strip()):
            asked.add(user_id)
    return asked


def applications_of_person(user) -> QuerySet[Application]:
    """Everything a person applied to, newest first, with the interview scores (numbers
    only: the comments are encrypted) loaded: the participant record's section."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("cohort", "interview__slot")
        .prefetch_related(
            Prefetch("interview__scores", queryset=InterviewScore.objects.only("pk", "interview_id", "scores")),
        )
        .order_by("-created_at", "-pk")
    )
