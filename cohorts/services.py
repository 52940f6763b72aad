"""Writes for cohorts, requirement sets and participants.

Program staff create and edit cohorts and requirement sets, and change a participant's
status (leave, return, withdrawal, transfer to a later cohort). Each status change is
recorded as a ParticipantStatusChange in the same transaction, and is made with a
conditional update, so a double click acts once.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import (
    Cohort,
    Participant,
    ParticipantStatusChange,
    ProgramPause,
    ProgressExpectation,
    Requirement,
    RequirementSet,
    WorkingCohort,
)
from cohorts.selectors import working_cohort
from cpse.audit.services import change_record, redact_change_history
from cpse.errors import DomainError
from cpse.numbers import QUARTER_HOURS_MESSAGE, numbers_in, plain_number, quarter_examples

PS = Participant.Status


class EnrolmentError(DomainError):
    code = "enrolment_error"


class AlreadyEnrolled(EnrolmentError):
    code = "already_enrolled"


class CohortFull(EnrolmentError):
    code = "cohort_full"


def participant_lock(participant: Participant) -> Participant:
    """The participant's row, locked until the transaction ends: writes about one person
    (hours, coverage, check-ins…) are checked and made one at a time."""
    return Participant.objects.select_for_update().select_related("cohort", "user").get(pk=participant.pk)


def participant_enroll(
    *, user, cohort: Cohort, aspiration: str = Participant.Aspiration.OTHER, home_state: str = ""
) -> Participant:
    """Enrol `user` in `cohort`. Called by application acceptance and by demo data.

    The cohort row is locked so two acceptances at once cannot both take the last seat.
    """
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if Participant.objects.filter(user=user, cohort=cohort).exists():
            raise AlreadyEnrolled("This person is already a participant of this cohort.")
        active = Participant.objects.filter(cohort=cohort).exclude(status=Participant.Status.WITHDRAWN).count()
        if active >= cohort.capacity:
            raise CohortFull("This cohort has no places left.")
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    user=user,
                    cohort=cohort,
                    aspiration=aspiration,
                    home_state=home_state.upper(),
                    fee_due_cents=cohort.fee_cents,
                )
        except IntegrityError:
            raise AlreadyEnrolled("This person is already a participant of this cohort.") from None


def export_participations(user) -> list[dict]:
    """Each participation with the changes of its status. The reasons staff wrote are not
    included (as staff notes on applications are not): they are staff's own words."""
    return [
        {
            "cohort": str(p.cohort),
            "status": p.get_status_display(),
            "aspiration": p.get_aspiration_display(),
            "home_state": p.home_state,
            "enrolled": p.enrolled_at,
            "status_changes": [
                {
                    "when": change.changed_at,
                    "from_status": change.get_from_status_display(),
                    "to_status": change.get_to_status_display(),
                    "from_cohort": str(change.from_cohort),
                    "to_cohort": str(change.to_cohort),
                }
                for change in p.status_changes.all()
            ],
        }
        for p in Participant.objects.filter(user=user)
        .select_related("cohort")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ParticipantStatusChange.objects.select_related("from_cohort", "to_cohort").order_by(
                    "changed_at", "pk"
                ),
            )
        )
    ]


def erase_participations(user) -> None:
    """Participant rows stay (cohort counts); their change history loses its values, and
    the reasons staff gave for status changes are emptied (the changes themselves stay)."""
    redact_change_history(Participant, Participant.objects.filter(user=user).values_list("pk", flat=True))
    changes = ParticipantStatusChange.objects.filter(participant__user=user)
    redact_change_history(ParticipantStatusChange, changes.values_list("pk", flat=True))
    changes.update(reason="")


def export_working_cohort(user) -> list[dict]:
    """The cohort a staff member's pages open on (`working_cohort_choose`)."""
    return [
        {"cohort": str(row.cohort), "chosen": row.chosen_at}
        for row in WorkingCohort.objects.filter(user=user).select_related("cohort")
    ]


def erase_working_cohort(user) -> None:
    WorkingCohort.objects.filter(user=user).delete()


# --- Cohorts -------------------------------------------------------------------------


class CohortInvalid(DomainError):
    """Refused cohort details, with each message under the detail it is about."""

    code = "cohort_invalid"

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(" ".join(message for messages in errors.values() for message in messages))
        self.errors = errors


@dataclass(frozen=True)
class CohortDetails:
    """What staff enter for a cohort (the credential is the requirement set's)."""

    requirement_set: RequirementSet
    year: int
    applications_open: datetime.date
    applications_close: datetime.date
    program_start: datetime.date
    program_end: datetime.date
    intensive_start: datetime.date
    intensive_end: datetime.date
    graduation_date: datetime.date
    capacity: int
    fee_cents: int


def _active_count(cohort: Cohort) -> int:
    """People holding a place: everyone but those who withdrew (as at enrolment)."""
    return Participant.objects.filter(cohort=cohort).exclude(status=PS.WITHDRAWN).count()


def cohort_problems(*, details: CohortDetails, cohort: Cohort | None = None) -> dict[str, list[str]]:
    """Every rule a cohort's details break, by detail name (empty: all is well). The forms
    show these next to their fields; the services refuse with them."""
    d = details
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    credential_id = cohort.credential_id if cohort else d.requirement_set.credential_id
    if d.requirement_set.credential_id != credential_id:
        add("requirement_set", _("Please choose a requirement set of this cohort's credential."))
    same_year = Cohort.objects.filter(credential_id=credential_id, year=d.year)
    if cohort is not None:
        same_year = same_year.exclude(pk=cohort.pk)
    if same_year.exists():
        add("year", _("There is already a %(year)s cohort. Please choose another year.") % {"year": d.year})
    if d.applications_close < d.applications_open:
        add("applications_close", _("Applications cannot close before they open."))
    if d.applications_close >= d.program_start:
        add("applications_close", _("Applications need to close before the program starts."))
    if d.program_end < d.program_start:
        add("program_end", _("The program cannot end before it starts."))
    if d.intensive_end < d.intensive_start:
        add("intensive_end", _("The intensive cannot end before it starts."))
    if d.intensive_start < d.program_start or d.intensive_end > d.program_end:
        add("intensive_start", _("The in-person intensive needs to fall within the program dates."))
    if d.graduation_date < d.program_end:
        add("graduation_date", _("Graduation needs to be on or after the last day of the program."))
    if d.capacity < 1:
        add("capacity", _("A cohort needs at least one place."))
    elif cohort is not None and d.capacity < (active := _active_count(cohort)):
        add(
            "capacity",
            _("%(count)s people are taking part in this cohort, so it needs at least %(count)s places.")
            % {"count": active},
        )
    if d.fee_cents < 0:
        add("fee_cents", _("The fee cannot be below 0."))
    if (
        cohort is not None
        and d.requirement_set.pk != cohort.requirement_set_id
        and Participant.objects.filter(cohort=cohort).exists()
    ):
        add(
            "requirement_set",
            _(
                "This cohort already has participants, so its requirement set stays the same: "
                "changing it would change their progress."
            ),
        )
    return problems


def _year_taken(year: int) -> CohortInvalid:
    return CohortInvalid(
        {"year": [_("There is already a %(year)s cohort. Please choose another year.") % {"year": year}]}
    )


def cohort_create(*, details: CohortDetails) -> Cohort:
    with transaction.atomic():
        if problems := cohort_problems(details=details):
            raise CohortInvalid(problems)
        try:
            with transaction.atomic():
                return Cohort.objects.create(credential_id=details.requirement_set.credential_id, **vars(details))
        except IntegrityError:
            raise _year_taken(details.year) from None


def cohort_update(*, cohort: Cohort, details: CohortDetails) -> Cohort:
    """The cohort row is locked while checking, as enrolment locks it: a place cannot be
    taken between the capacity check and the save."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if problems := cohort_problems(details=details, cohort=cohort):
            raise CohortInvalid(problems)
        for name, value in vars(details).items():
            setattr(cohort, name, value)
        try:
            with transaction.atomic():
                cohort.save()
        except IntegrityError:
            raise _year_taken(details.year) from None
    return cohort


# The session's note of the cohort last remembered: a choice made again costs no write.
WORKING_COHORT_SESSION_KEY = "working_cohort"


def working_cohort_choose(
    *,
    user,
    asked: Cohort | None,
    session=None,
    today: datetime.date | None = None,
    among: list[Cohort] | None = None,
) -> Cohort | None:
    """The cohort a staff page shows: the one asked for, remembered for the next page that
    shows one (one statement, safe to repeat; skipped when `session`, the request's, says
    it is remembered already), else `selectors.working_cohort` (`among` as there). A
    screen preference, not program data: kept out of the change history."""
    if asked is None:
        return working_cohort(user, today=today, among=among)
    if getattr(asked, "remembered", False):  # read with `selectors.cohorts_to_choose_from`
        return asked
    if session is not None and session.get(WORKING_COHORT_SESSION_KEY) == asked.pk:
        return asked
    WorkingCohort.objects.bulk_create(
        [WorkingCohort(user=user, cohort=asked, chosen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["cohort", "chosen_at"],
    )
    if session is not None:
        session[WORKING_COHORT_SESSION_KEY] = asked.pk
    return asked


# --- Requirement sets ----------------------------------------------------------------

ELIGIBILITY_FIELDS = (
    "min_years_since_exit",
    "requires_freedom_from_dependency",
    "requires_education",
    "requires_recommendation",
    "requires_interview",
    "appeal_days",
)
# Every rule of a set staff may change: who may apply, and how hours are confirmed.
RULE_FIELDS = (*ELIGIBILITY_FIELDS, "practicum_requires_verified_supervisor")
# Requirements whose amount staff may change: hours (in quarter hours) and check-ins (a
# count). An exam or observed practice is passed once, so its amount stays 1.
EDITABLE_KINDS = (Requirement.Kind.HOURS, Requirement.Kind.CHECKINS)
MAX_MONTHS_AFTER_START = 24
# Check-ins are monthly from the first placement (checkins.schedule): at most two years of them.
MAX_CHECKINS = 24
MAX_AMOUNT = Decimal("9999")
# "For example 10, 10.25, 10.5 or 10.75", written the reader's way when shown (cpse.numbers).
QUARTER_AMOUNTS = quarter_examples(10)
MAX_YEARS_SINCE_EXIT = 50
MAX_APPEAL_DAYS = 365


class RequirementSetError(DomainError):
    code = "requirement_set_error"


class RequirementSetLocked(RequirementSetError):
    code = "locked"


class RequirementSetInvalid(RequirementSetError):
    """Refused changes; `errors` is keyed as `requirement_set_problems` explains."""

    code = "invalid"

    def __init__(self, errors: dict[tuple, list[str]]):
        super().__init__(" ".join(message for messages in errors.values() for message in messages))
        self.errors = errors


@dataclass(frozen=True)
class ExpectationRow:
    months_after_start: int
    amount: Decimal


@dataclass(frozen=True)
class RequirementSetChanges:
    name: str
    eligibility: dict[str, object]  # RULE_FIELDS
    amounts: dict[int, Decimal]  # requirement id -> amount, for EDITABLE_KINDS
    expectations: dict[int, list[ExpectationRow]]  # requirement id -> rows, for hours
    # Participants acknowledge the code of ethics (an optional requirement); None: as it is.
    ethics_required: bool | None = None
    # The name in Spanish, for Spanish readers (cpse.bilingual); None: as it is.
    name_es: str | None = None
    # requirement id -> each entry needs a document (`Requirement.can_ask_for_evidence`
    # only); requirements not named stay as they are.
    evidence_required: dict[int, bool] = field(default_factory=dict)


def _name_problem(*, credential_id: int, name: str, exclude_pk: int | None = None) -> str | None:
    if not name.strip():
        return _("Please give the set a name, for example “CPSE requirements 2027”.")
    others = RequirementSet.objects.filter(credential_id=credential_id, name__iexact=name.strip())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        return _("Another requirement set already has this name. Please choose a different one.")
    return None


def _amount_problem(kind: str, amount: Decimal) -> str | None:
    if amount <= 0:
        return _("Please enter an amount above 0.")
    if amount > MAX_AMOUNT:
        return _("Please enter an amount of %(max)s or less.") % {"max": plain_number(MAX_AMOUNT)}
    if kind == Requirement.Kind.HOURS and (amount * 4) % 1:
        return str(numbers_in(QUARTER_HOURS_MESSAGE, **QUARTER_AMOUNTS))
    if kind != Requirement.Kind.HOURS and amount % 1:
        return _("Please enter a whole number.")
    if kind == Requirement.Kind.CHECKINS and amount > MAX_CHECKINS:
        return _("Please enter a number of check-ins from 1 to %(max)s.") % {"max": MAX_CHECKINS}
    if kind == Requirement.Kind.ETHICS and amount != 1:
        return _("The code of ethics is acknowledged once: its amount is 1.")
    return None


def requirement_set_problems(
    *, requirement_set: RequirementSet, changes: RequirementSetChanges
) -> dict[tuple, list[str]]:
    """Every rule the changes break (empty: all is well). Keys say where each message
    belongs: ("name",), (eligibility field,), ("amount", requirement id), and
    ("expectation", requirement id, row index, "months_after_start" or "amount")."""
    problems: dict[tuple, list[str]] = {}

    def add(key: tuple, message: str) -> None:
        problems.setdefault(key, []).append(message)

    if message := _name_problem(
        credential_id=requirement_set.credential_id, name=changes.name, exclude_pk=requirement_set.pk
    ):
        add(("name",), message)
    years = changes.eligibility.get("min_years_since_exit")
    if years is not None and not 0 <= years <= MAX_YEARS_SINCE_EXIT:
        add(
            ("min_years_since_exit",),
            _("Please enter a number of years from 0 to %(max)s.") % {"max": MAX_YEARS_SINCE_EXIT},
        )
    days = changes.eligibility.get("appeal_days")
    if days is not None and not 1 <= days <= MAX_APPEAL_DAYS:
        add(("appeal_days",), _("Please enter a number of days from 1 to %(max)s.") % {"max": MAX_APPEAL_DAYS})
    for requirement in requirement_set.requirements.all():
        amount = changes.amounts.get(requirement.pk, requirement.amount)
        checked = requirement.kind in EDITABLE_KINDS or requirement.kind == Requirement.Kind.ETHICS
        if checked and (message := _amount_problem(requirement.kind, amount)):
            add(("amount", requirement.pk), message)
        if requirement.kind != Requirement.Kind.HOURS:
            continue
        seen: set[int] = set()
        for index, row in enumerate(changes.expectations.get(requirement.pk, [])):
            key = ("expectation", requirement.pk, index)
            if not 1 <= row.months_after_start <= MAX_MONTHS_AFTER_START:
                add(
                    (*key, "months_after_start"),
                    _("Please enter a number of months from 1 to %(max)s.") % {"max": MAX_MONTHS_AFTER_START},
                )
            elif row.months_after_start in seen:
                add((*key, "months_after_start"), _("This month is already listed above."))
            seen.add(row.months_after_start)
            if message := _amount_problem(requirement.kind, row.amount):
                add((*key, "amount"), message)
            elif row.amount > amount:
                add(
                    (*key, "amount"),
                    _("Please enter at most %(amount)s, the hours this requirement asks for.")
                    % {"amount": plain_number(amount)},
                )
    return problems


def requirement_set_is_locked(requirement_set: RequirementSet) -> bool:
    """A requirement set is LOCKED once any cohort using it has at least one participant
    (of any status, withdrawn included: they may come back or transfer with their hours).
    From then on its numbers are part of somebody's progress, so it is never edited in
    place: staff make a copy for a later cohort and change the copy."""
    return Participant.objects.filter(cohort__requirement_set=requirement_set).exists()


def requirement_set_update(*, requirement_set: RequirementSet, changes: RequirementSetChanges) -> RequirementSet:
    """Change an unlocked set. The cohorts using it are locked first, as enrolment locks
    its cohort: nobody can be enrolled under the old numbers while they change."""
    with transaction.atomic():
        list(Cohort.objects.select_for_update().filter(requirement_set=requirement_set).values_list("pk"))
        requirement_set = RequirementSet.objects.select_for_update().get(pk=requirement_set.pk)
        if requirement_set_is_locked(requirement_set):
            raise RequirementSetLocked(
                _("Participants are already counting on this set, so it cannot be changed. Please make a copy."),
            )
        if problems := requirement_set_problems(requirement_set=requirement_set, changes=changes):
            raise RequirementSetInvalid(problems)
        requirement_set.name = changes.name.strip()
        if changes.name_es is not None:
            requirement_set.name_es = changes.name_es.strip()
        for name in RULE_FIELDS:
            if name in changes.eligibility:
                setattr(requirement_set, name, changes.eligibility[name])
        requirement_set.save()
        requirements = list(requirement_set.requirements.all())
        for requirement in requirements:
            if requirement.kind in EDITABLE_KINDS and requirement.pk in changes.amounts:
                requirement.amount = changes.amounts[requirement.pk]
                requirement.save(update_fields=["amount"])
            if requirement.can_ask_for_evidence and requirement.pk in changes.evidence_required:
                requirement.evidence_required = changes.evidence_required[requirement.pk]
                requirement.save(update_fields=["evidence_required"])
        _ethics_requirement_set(requirement_set, requirements, changes.ethics_required)
        hours = [r for r in requirements if r.kind == Requirement.Kind.HOURS]
        ProgressExpectation.objects.filter(requirement__in=hours).delete()
        ProgressExpectation.objects.bulk_create(
            ProgressExpectation(requirement=r, months_after_start=row.months_after_start, amount=row.amount)
            for r in hours
            for row in changes.expectations.get(r.pk, [])
        )
    return requirement_set


def _ethics_requirement_set(requirement_set: RequirementSet, requirements: list, required: bool | None) -> None:
    """Add or remove the code-of-ethics requirement (acknowledged once: amount 1, last)."""
    present = [r for r in requirements if r.kind == Requirement.Kind.ETHICS]
    if required and not present:
        Requirement.objects.create(
            requirement_set=requirement_set,
            kind=Requirement.Kind.ETHICS,
            category=Requirement.Category.ETHICS,
            amount=Decimal("1"),
            position=max((r.position for r in requirements), default=0) + 1,
        )
    elif required is False and present:
        Requirement.objects.filter(pk__in=[r.pk for r in present]).delete()


def requirement_set_copy(*, source: RequirementSet, name: str) -> RequirementSet:
    """A new, unlocked set with the source's eligibility rules, requirements and
    expectations: how staff give a later cohort other numbers without touching an
    earlier cohort's."""
    with transaction.atomic():
        if message := _name_problem(credential_id=source.credential_id, name=name):
            raise RequirementSetInvalid({("name",): [message]})
        copy = RequirementSet.objects.create(
            credential_id=source.credential_id,
            name=name.strip(),
            **{field: getattr(source, field) for field in RULE_FIELDS},
        )
        for requirement in source.requirements.prefetch_related("expectations"):
            new = Requirement.objects.create(
                requirement_set=copy,
                kind=requirement.kind,
                category=requirement.category,
                amount=requirement.amount,
                position=requirement.position,
                evidence_required=requirement.evidence_required,
            )
            ProgressExpectation.objects.bulk_create(
                ProgressExpectation(requirement=new, months_after_start=e.months_after_start, amount=e.amount)
                for e in requirement.expectations.all()
            )
    return copy


# --- Participant status --------------------------------------------------------------

REASON_MAX_LENGTH = 2000


class ParticipantStatusError(DomainError):
    code = "participant_status_error"


def _refusal(participant: Participant, status: str, already: str | None) -> ParticipantStatusError:
    """Why a change cannot be made from `status` (the participant's status now)."""
    if already and status == already:
        messages = {
            PS.ON_LEAVE: _("%(name)s is already on leave."),
            PS.ENROLLED: _("%(name)s is already enrolled."),
            PS.WITHDRAWN: _("%(name)s has already withdrawn."),
        }
        return ParticipantStatusError(messages[status] % {"name": participant.user}, code="already")
    return ParticipantStatusError(
        _("This cannot be done while %(name)s's status is “%(status)s”.")
        % {"name": participant.user, "status": PS(status).label},
        code="not_allowed",
    )


def _status_change(
    *,
    participant: Participant,
    allowed: tuple[str, ...],
    to_status: str,
    by,
    reason: str,
    already: str | None = None,
    to_cohort: Cohort | None = None,
) -> ParticipantStatusChange:
    """Move the participant from the status and cohort they were loaded with; inside the
    caller's transaction. The update is conditional: if someone else (or a second click)
    changed them first, nothing happens here and the refusal says why."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ParticipantStatusError(
            _("Please keep the reason under %(max)s characters.") % {"max": REASON_MAX_LENGTH}, code="reason_too_long"
        )
    from_status, from_cohort_id = participant.status, participant.cohort_id
    if from_status not in allowed:
        raise _refusal(participant, from_status, already)
    to_cohort_id = to_cohort.pk if to_cohort else from_cohort_id
    try:
        with transaction.atomic():
            changed = Participant.objects.filter(
                pk=participant.pk, status=from_status, cohort_id=from_cohort_id
            ).update(status=to_status, cohort_id=to_cohort_id)
    except IntegrityError:
        raise ParticipantStatusError(
            _("%(name)s already has a place in that cohort.") % {"name": participant.user}, code="already_in_cohort"
        ) from None
    if not changed:
        now = Participant.objects.filter(pk=participant.pk).values_list("status", flat=True).get()
        if now == from_status:
            raise ParticipantStatusError(
                _("This participant was changed a moment ago. Please look again."), code="stale"
            )
        raise _refusal(participant, now, already)
    change_record(
        participant,
        changes={"status": (from_status, to_status), "cohort_id": (from_cohort_id, to_cohort_id)},
        by=by,
    )
    if from_status == PS.ON_LEAVE and to_status != PS.ON_LEAVE:
        # A program pause is open only while the participant is on leave: coming back (or
        # leaving the program) through their status ends it today.
        today = timezone.localdate()
        pauses = list(ProgramPause.objects.select_for_update().filter(participant=participant, ended_on__isnull=True))
        ProgramPause.objects.filter(pk__in=[pause.pk for pause in pauses]).update(ended_on=today, ended_by=by)
        for pause in pauses:
            change_record(pause, changes={"ended_on": (None, today), "ended_by": (pause.ended_by_id, by)}, by=by)
    change = ParticipantStatusChange.objects.create(
        participant=participant,
        from_status=from_status,
        to_status=to_status,
        from_cohort_id=from_cohort_id,
        to_cohort_id=to_cohort_id,
        reason=reason,
        changed_by=by,
    )
    participant.status = to_status
    if to_cohort is not None:
        participant.cohort = to_cohort
    return change


def participant_leave(*, participant: Participant, by, reason: str = "") -> ParticipantStatusChange:
    """An enrolled participant takes a break; their place and hours are kept."""
    with transaction.atomic():
        return _status_change(
            participant=participant,
            allowed=(PS.ENROLLED,),
            to_status=PS.ON_LEAVE,
            already=PS.ON_LEAVE,
            by=by,
            reason=reason,
        )


def participant_return(*, participant: Participant, by, reason: str = "") -> ParticipantStatusChange:
    """A participant on leave comes back."""
    with transaction.atomic():
        return _status_change(
            participant=participant,
            allowed=(PS.ON_LEAVE,),
            to_status=PS.ENROLLED,
            already=PS.ENROLLED,
            by=by,
            reason=reason,
        )


# Who may be certified: enrolled, or finished (on leave or withdrawn first come back).
CERTIFIABLE = (PS.ENROLLED, PS.COMPLETED)


def participant_certify(*, participant: Participant, by, reason: str = "") -> ParticipantStatusChange:
    """The participant is certified (the certificates app issues the certificate and
    calls this in the same transaction)."""
    return _status_change(
        participant=participant, allowed=CERTIFIABLE, to_status=PS.CERTIFIED, already=PS.CERTIFIED, by=by, reason=reason
    )


def participant_withdraw(*, participant: Participant, by=None, reason: str = "") -> ParticipantStatusChange | None:
    """The person leaves the program; their record and hours stay. Someone already
    withdrawn stays as they are and None is returned: withdrawing an accepted
    application calls this too, whatever staff recorded before."""
    with transaction.atomic():
        try:
            return _status_change(
                participant=participant,
                allowed=Participant.TAKING_PART,
                to_status=PS.WITHDRAWN,
                already=PS.WITHDRAWN,
                by=by,
                reason=reason,
            )
        except ParticipantStatusError as error:
            if error.code != "already":
                raise
            participant.status = PS.WITHDRAWN
            return None


def participant_transfer(
    *, participant: Participant, to_cohort: Cohort, by, reason: str = ""
) -> ParticipantStatusChange:
    """Move the participant to a later cohort of the same credential, enrolled again.

    The same Participant row changes cohort, so every hour entry stays with it; progress
    counts hours by requirement category, so they count towards the new cohort's set.
    The target cohort is locked, as at enrolment, so two transfers cannot both take its
    last place."""
    with transaction.atomic():
        target = Cohort.objects.select_for_update().get(pk=to_cohort.pk)
        current = participant.cohort
        if target.credential_id != current.credential_id or target.year <= current.year:
            raise ParticipantStatusError(
                _("Please choose a cohort of a later year than the %(cohort)s.") % {"cohort": current},
                code="not_later",
            )
        if Participant.objects.filter(user_id=participant.user_id, cohort=target).exists():
            raise ParticipantStatusError(
                _("%(name)s already has a place in the %(cohort)s.") % {"name": participant.user, "cohort": target},
                code="already_in_cohort",
            )
        if _active_count(target) >= target.capacity:
            raise ParticipantStatusError(
                _("The %(cohort)s has no places left.") % {"cohort": target}, code="cohort_full"
            )
        return _status_change(
            participant=participant,
            allowed=(PS.ENROLLED, PS.ON_LEAVE, PS.WITHDRAWN),
            to_status=PS.ENROLLED,
            to_cohort=target,
            by=by,
            reason=reason,
        )
