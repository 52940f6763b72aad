import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cohorts.models import (
    Cohort,
    Participant,
    ParticipantStatusChange,
    ProgressExpectation,
    Requirement,
    RequirementSet,
    WorkingCohort,
)
from cpse.dates import add_months
from cpse.prepared import prepared_rows

PS = Participant.Status


@dataclass(frozen=True)
class CalendarEntry:
    label: str
    start: datetime.date
    end: datetime.date | None = None


def cohorts_with_credential() -> list[Cohort]:
    """Every cohort with its credential, the earliest year first (a few dozen at most; one
    query). Every public page and the applications' reminders choose among them, so the
    statement is built once per process (`cpse.prepared`); the rows are read each time."""
    return prepared_rows(
        ("cohorts.with_credential",), lambda: Cohort.objects.select_related("credential").order_by("year", "pk")
    )


def cohort_featured(*, today: datetime.date | None = None) -> Cohort | None:
    """The cohort the public pages talk about: the one taking applications now, else the
    next one to open, else the most recent (one query)."""
    today = today or timezone.localdate()
    cohorts = cohorts_with_credential()
    return _open_or_next(cohorts, today) or max(cohorts, key=lambda cohort: cohort.year, default=None)


def cohort_open_or_next(*, today: datetime.date | None = None) -> Cohort | None:
    """The cohort taking applications now, else the next one to open; None when no cohort
    is open or announced (someone joining the interest list then waits for the next)."""
    return _open_or_next(cohorts_with_credential(), today or timezone.localdate())


def _open_or_next(cohorts: list[Cohort], today: datetime.date) -> Cohort | None:
    return next(iter(_open_among(cohorts, today)), None) or min(
        (cohort for cohort in cohorts if cohort.applications_open > today),
        key=lambda cohort: (cohort.applications_open, cohort.pk),
        default=None,
    )


def cohorts_open_for_applications(*, today: datetime.date | None = None) -> list[Cohort]:
    """Every cohort whose application window is open today (one per credential at most in
    practice), the earliest year first (one query)."""
    return _open_among(cohorts_with_credential(), today or timezone.localdate())


def _open_among(cohorts: list[Cohort], today: datetime.date) -> list[Cohort]:
    return [cohort for cohort in cohorts if cohort_is_open_for_applications(cohort, today=today)]


def cohort_calendar(cohort: Cohort) -> list[CalendarEntry]:
    return [
        CalendarEntry(_("Applications"), cohort.applications_open, cohort.applications_close),
        CalendarEntry(_("Program"), cohort.program_start, cohort.program_end),
        CalendarEntry(_("In-person training intensive"), cohort.intensive_start, cohort.intensive_end),
        CalendarEntry(_("Graduation"), cohort.graduation_date),
    ]


def checkins_asked(requirements: Iterable[Requirement]) -> int:
    """How many monthly check-ins a requirement set asks: the amount of its check-ins
    requirement, 0 without one. The one definition: the check-in schedule, the public page
    and the reports ask it (`requirements`: the set's, read already, or a query)."""
    return next((int(r.amount) for r in requirements if r.kind == Requirement.Kind.CHECKINS), 0)


def checkins_asked_by_set(requirement_set_id: int) -> int:
    """`checkins_asked` of one requirement set (one query)."""
    return checkins_asked(
        Requirement.objects.filter(requirement_set_id=requirement_set_id, kind=Requirement.Kind.CHECKINS)
    )


def checkins_asked_of(participant: Participant) -> int:
    """`checkins_asked` by the set of the participant's cohort (one query)."""
    requirements = Requirement.objects.filter(
        requirement_set__cohorts__participants=participant, kind=Requirement.Kind.CHECKINS
    )
    return checkins_asked(requirements)


def cohort_is_open_for_applications(cohort: Cohort, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return cohort.applications_open <= today <= cohort.applications_close


# --- The public program page ------------------------------------------------------------------

# Rules chosen here (issue #24): the public page says nothing about the program that the
# data holds. Who can apply comes from the featured cohort's requirement set (its
# eligibility rules), the requirements and the number of check-ins from its requirements,
# the program's length and the intensive's from the cohort's dates:
# - the program lasts the fewest whole months that reach its last day (1 April to
#   31 December: 9 months; a month begun counts);
# - the intensive lasts its days, first and last included.


@dataclass(frozen=True)
class PublicProgram:
    """What the public page says about one cohort (`public_program`)."""

    cohort: Cohort
    months: int
    intensive_days: int
    who_can_apply: list[str]
    requirements: list[Requirement]
    checkins: int
    applications_open: bool
    calendar: list[CalendarEntry]


def program_months(start: datetime.date, end: datetime.date) -> int:
    """The fewest whole months from `start` that reach `end` (the rule above)."""
    months = 1
    while add_months(start, months) <= end:
        months += 1
    return months


def who_can_apply(requirement_set: RequirementSet) -> list[str]:
    """The set's eligibility rules, each in a sentence, in the order applicants meet them."""
    years = requirement_set.min_years_since_exit
    rules = [
        (
            years > 0,
            ngettext(
                "At least %(count)s year since exiting exploitation.",
                "At least %(count)s years since exiting exploitation.",
                years,
            )
            % {"count": years},
        ),
        (requirement_set.requires_freedom_from_dependency, gettext("Free from any drug or alcohol dependency.")),
        (requirement_set.requires_education, gettext("A GED, high-school diploma, or equivalent.")),
        (requirement_set.requires_recommendation, gettext("A recommendation from an anti-trafficking agency.")),
        (requirement_set.requires_interview, gettext("A conversation (interview) with the program team.")),
    ]
    return [sentence for applies, sentence in rules if applies]


def public_program(cohort: Cohort, *, today: datetime.date | None = None) -> PublicProgram:
    """The public page's facts about `cohort` (two queries: its requirement set and the
    set's requirements)."""
    requirement_set = RequirementSet.objects.prefetch_related("requirements").get(pk=cohort.requirement_set_id)
    requirements = list(requirement_set.requirements.all())
    return PublicProgram(
        cohort=cohort,
        months=program_months(cohort.program_start, cohort.program_end),
        intensive_days=(cohort.intensive_end - cohort.intensive_start).days + 1,
        who_can_apply=who_can_apply(requirement_set),
        requirements=requirements,
        checkins=checkins_asked(requirements),
        applications_open=cohort_is_open_for_applications(cohort, today=today),
        calendar=cohort_calendar(cohort),
    )


def cohort_to_preview(pk: int) -> Cohort | None:
    """A cohort as the public page would show it, for program staff's preview."""
    return Cohort.objects.select_related("credential").filter(pk=pk).first()


def participations_for_user(user) -> QuerySet[Participant]:
    """The person's participations, latest cohort first (the first is `current_participation`)."""
    return (
        Participant.objects.filter(user=user)
        .select_related("cohort", "cohort__credential")
        .order_by("-cohort__year", "-enrolled_at")
    )


def cohorts_with_counts() -> QuerySet[Cohort]:
    """Every cohort with its number of participants, newest first (one query)."""
    return (
        Cohort.objects.select_related("credential")
        .annotate(participant_count=Count("participants", filter=~Q(participants__status=Participant.Status.WITHDRAWN)))
        .order_by("-year")
    )


# --- The cohort staff work on ----------------------------------------------------------------

# Rules chosen here (issue #26): a staff page that shows one cohort opens on the cohort the
# person chose last on any such page (remembered by `cohorts.services.working_cohort_choose`,
# so it survives a new sign-in), else on the cohort in progress: the latest whose program
# has started (its people carry on after the program's last day, with the exam, their
# certificate and the placement year), else the next to start.


def cohort_in_progress(*, today: datetime.date | None = None, among: list[Cohort] | None = None) -> Cohort | None:
    """The latest cohort whose program has started, else the next one. `among`: every
    cohort, when the page has read them already (else one query)."""
    today = today or timezone.localdate()
    cohorts = list(Cohort.objects.all()) if among is None else among
    started = [cohort for cohort in cohorts if cohort.program_start <= today]
    if started:
        return max(started, key=lambda cohort: (cohort.program_start, cohort.pk))
    return min(cohorts, key=lambda cohort: (cohort.program_start, cohort.pk), default=None)


def cohorts_to_choose_from(user) -> list[Cohort]:
    """Every cohort (a few dozen at most), newest first, each with `remembered`: whether it
    is the one this person chose last (one query)."""
    remembered = WorkingCohort.objects.filter(user_id=user.pk, cohort=OuterRef("pk"))
    # Every staff page reads it: built and compiled once per person and process (`cpse.prepared`).
    return prepared_rows(
        ("cohorts.to_choose_from", user.pk),
        lambda: Cohort.objects.annotate(remembered=Exists(remembered)).order_by("-year", "pk"),
    )


def working_cohort(user, *, today: datetime.date | None = None, among: list[Cohort] | None = None) -> Cohort | None:
    """The cohort a staff page opens on for this person (see the rules above). `among`:
    `cohorts_to_choose_from(user)`, when the page has read them already (else one query)."""
    cohorts = cohorts_to_choose_from(user) if among is None else among
    chosen = next((cohort for cohort in cohorts if cohort.remembered), None)
    return chosen or cohort_in_progress(today=today, among=cohorts)


def cohort_has_ended(cohort: Cohort, *, today: datetime.date | None = None) -> bool:
    """Its program is over: someone accepted into it now would join a finished program."""
    return cohort.program_end < (today or timezone.localdate())


# --- Program staff pages -------------------------------------------------------------


def _status_counts() -> dict[str, Count]:
    return {f"count_{status}": Count("participants", filter=Q(participants__status=status)) for status in PS.values}


def cohorts_for_staff() -> QuerySet[Cohort]:
    """Every cohort with its requirement set and its participants counted by status,
    newest first (one query)."""
    return (
        Cohort.objects.select_related("credential", "requirement_set")
        .annotate(**_status_counts())
        .order_by("-year", "credential__abbreviation")
    )


def cohort_for_staff(pk: int) -> Cohort | None:
    return cohorts_for_staff().filter(pk=pk).first()


def cohort_participants(cohort: Cohort) -> QuerySet[Participant]:
    """The cohort's participants for the staff table: names, status and enrolment date
    only (the rest of their record is on each person's page, which logs the view)."""
    return (
        Participant.objects.filter(cohort=cohort)
        .select_related("user")
        .only("public_id", "status", "enrolled_at", "cohort_id", "user__display_name")
        .order_by("user__display_name", "pk")
    )


def participant_for_staff(public_id) -> Participant | None:
    return (
        Participant.objects.filter(public_id=public_id)
        .select_related("user", "cohort", "cohort__credential", "cohort__requirement_set")
        .first()
    )


def participant_status_history(participant: Participant) -> QuerySet[ParticipantStatusChange]:
    return participant.status_changes.select_related("from_cohort", "to_cohort", "changed_by")


def transfer_cohorts(participant: Participant) -> QuerySet[Cohort]:
    """Cohorts the participant can move to: a later year of the same credential, with a
    free place, where they have no participation yet."""
    return (
        Cohort.objects.filter(credential_id=participant.cohort.credential_id, year__gt=participant.cohort.year)
        .exclude(Exists(Participant.objects.filter(cohort=OuterRef("pk"), user_id=participant.user_id)))
        .annotate(active=Count("participants", filter=~Q(participants__status=PS.WITHDRAWN)))
        .filter(active__lt=F("capacity"))
        .order_by("year")
    )


def _requirement_sets(requirements: QuerySet[Requirement]) -> QuerySet[RequirementSet]:
    return (
        RequirementSet.objects.select_related("credential")
        .annotate(locked=Exists(Participant.objects.filter(cohort__requirement_set=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("requirements", queryset=requirements),
            Prefetch("cohorts", queryset=Cohort.objects.order_by("-year")),
        )
        .order_by("-created_at", "-pk")
    )


def requirement_sets_for_staff() -> QuerySet[RequirementSet]:
    """Every requirement set with its requirements, the cohorts using it and whether it is
    locked (see cohorts.services.requirement_set_is_locked), newest first: three queries."""
    return _requirement_sets(Requirement.objects.all())


def requirement_set_for_staff(pk: int) -> RequirementSet | None:
    """One set, its requirements with their expectations, and its cohorts."""
    expectations = Prefetch("expectations", queryset=ProgressExpectation.objects.order_by("months_after_start"))
    return _requirement_sets(Requirement.objects.prefetch_related(expectations)).filter(pk=pk).first()


def requirement_set_choices(credential_id: int | None = None) -> QuerySet[RequirementSet]:
    sets = RequirementSet.objects.select_related("credential").order_by("-created_at", "-pk")
    return sets.filter(credential_id=credential_id) if credential_id else sets


def cohort_choices() -> list[tuple[int, str]]:
    """(id, "2026 cohort") for a select, newest first, without building model objects (a
    national program has many). The credential is named when there is more than one."""
    rows = list(
        Cohort.objects.order_by("-year", "credential__abbreviation").values_list(
            "pk", "year", "credential__abbreviation"
        )
    )
    several = len({abbreviation for _pk, _year, abbreviation in rows}) > 1
    label = gettext("%(year)s cohort")
    return [
        (pk, f"{label % {'year': year}} ({abbreviation})" if several else label % {"year": year})
        for pk, year, abbreviation in rows
    ]


# --- For reports (dashboard.reports.selectors): plain values, never names -------------------


@dataclass(frozen=True)
class ParticipantFacts:
    """What aggregate reports count about one participant: no name, no contact."""

    id: int
    user_id: int
    status: str
    aspiration: str
    home_state: str
    # When they finished: the day of the first change to completed or certified (None:
    # not finished, or marked finished without a recorded change).
    finished_on: datetime.date | None


def participant_facts(cohort: Cohort) -> list[ParticipantFacts]:
    """Everyone who enrolled in the cohort, withdrawn included (one query)."""
    rows = (
        Participant.objects.filter(cohort=cohort)
        .annotate(
            finished_at=Min(
                "status_changes__changed_at", filter=Q(status_changes__to_status__in=[PS.COMPLETED, PS.CERTIFIED])
            )
        )
        .values_list("pk", "user_id", "status", "aspiration", "home_state", "finished_at")
    )
    return [
        ParticipantFacts(*row, finished_on=timezone.localdate(at) if at is not None else None)
        for *row, at in rows.order_by("pk")
    ]


def cohort_people(cohort: Cohort, statuses) -> list[tuple[int, str]]:
    """(user id, preferred language) of the cohort's participants with these statuses,
    for a message to the cohort (one query, no names)."""
    return list(
        Participant.objects.filter(cohort=cohort, status__in=list(statuses))
        .order_by("pk")
        .values_list("user_id", "user__preferred_language")
    )


def current_participation(user) -> Participant | None:
    """The person's participation in their latest cohort, if they have one."""
    if not user.is_authenticated:
        return None
    return participations_for_user(user).first()


def has_participation(user) -> bool:
    """Whether `current_participation` finds one: the person was enrolled in a cohort,
    whatever has happened since (on leave, withdrawn, completed, certified). This is what
    makes the participant's own pages theirs (the menu shows them); a certificate always
    belongs to a participation, so whoever holds or held one has one too. The signed-in
    user arrives with the answer (`accounts.selectors.user_for_request`): no query."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "has_participation", None)
    return known if known is not None else participations_for_user(user).exists()


def own_participation_or_404(user, *, deny: bool = False) -> Participant:
    """`current_participation` for the participant's own pages: someone with none (or
    not signed in) gets a 404, or a 403 with `deny=True` (pages only participants may
    open, where anyone else is refused rather than told there is nothing)."""
    participant = current_participation(user)
    if participant is None:
        raise PermissionDenied if deny else Http404
    return participant
