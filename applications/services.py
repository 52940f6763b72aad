"""Everything that changes an application. Status moves only through
`application_transition`, which checks the one table of allowed moves and leaves an
ApplicationEvent in the same transaction."""

import calendar
import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import selectors
from applications.access.services import access_needs_from_application
from applications.confirmers.rules import confirmation_refusal, own_address_refusal
from applications.models import (
    Appeal,
    Application,
    ApplicationEvent,
    DecisionTemplate,
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
from cohorts.services import AlreadyEnrolled, CohortFull, participant_enroll, participant_withdraw
from cpse.audit.services import change_record
from cpse.dates import day_span
from cpse.errors import DomainError
from cpse.notify.services import Message, notification_queue, notification_queue_many
from cpse.prepared import prepared_rows
from cpse.uploads import file_replacement

S = Application.Status
C = ApplicationEvent.Change

# The one table of allowed moves. A declined application is reopened only by a
# reconsidered appeal (APPEAL_REOPENS), never by a plain move.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW, S.DECLINED, S.WITHDRAWN}),
    S.UNDER_REVIEW: frozenset({S.INTERVIEW_INVITED, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN}),
    S.INTERVIEW_INVITED: frozenset({S.INTERVIEW_BOOKED, S.DECLINED, S.WITHDRAWN}),
    S.INTERVIEW_BOOKED: frozenset({S.INTERVIEWED, S.INTERVIEW_INVITED, S.WITHDRAWN}),
    S.INTERVIEWED: frozenset({S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.WITHDRAWN}),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
APPEAL_REOPENS = {S.DECLINED: S.UNDER_REVIEW}
DECISIONS = (S.ACCEPTED, S.WAITLISTED, S.DECLINED)
OPEN_AFTER_SENDING = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.INTERVIEW_INVITED, S.INTERVIEW_BOOKED, S.INTERVIEWED, S.WAITLISTED}
)
NOTE_MAX_LENGTH = 5000
RECOMMENDATION_LINK_DAYS = 21
MIN_INTERVIEW_MINUTES = 10
MAX_INTERVIEW_MINUTES = 240
# Several interview times at once: a day's worth, so a slip (a 5-minute length) cannot
# flood the applicants' choice.
MAX_INTERVIEW_TIMES_AT_ONCE = 20


class ApplicationError(DomainError):
    code = "application_error"


class TransitionError(ApplicationError):
    code = "not_allowed"


class LinkError(ApplicationError):
    code = "invalid_link"


# --- Eligibility ----------------------------------------------------------------------


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    eligible_from: datetime.date | None = None
    # The eligibility answers behind the reasons (the step's field names), so a page can
    # say which answer it is and where to change it.
    answers: list[str] = field(default_factory=list)


def _latest_exit_date(year: int, month: int | None) -> datetime.date:
    """Exit dates are asked as a year (and month if the person wishes): count from the
    latest day they could mean, so nobody is told they are eligible too early."""
    month = month or 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def eligibility_check(*, application: Application, today: datetime.date | None = None) -> Eligibility:
    today = today or timezone.localdate()
    rules = application.cohort.requirement_set
    answers = application.eligibility or {}
    result = Eligibility(eligible=True)
    if answers.get("exit_year"):
        eligible_from = _add_years(
            _latest_exit_date(int(answers["exit_year"]), answers.get("exit_month")), rules.min_years_since_exit
        )
        if today < eligible_from:
            result.eligible, result.eligible_from = False, eligible_from
            result.answers.append("exit_year")
            result.reasons.append(
                ngettext(
                    "The program asks for at least %(years)s year since leaving exploitation, to protect your own "
                    "recovery. From what you told us, you could apply from %(date)s. We would be glad to hear from you then.",
                    "The program asks for at least %(years)s years since leaving exploitation, to protect your own "
                    "recovery. From what you told us, you could apply from %(date)s. We would be glad to hear from you then.",
                    rules.min_years_since_exit,
                )
                % {"years": rules.min_years_since_exit, "date": date_format(eligible_from, "YEAR_MONTH_FORMAT")}
            )
    if rules.requires_freedom_from_dependency and answers.get("free_from_dependency") is False:
        result.eligible = False
        result.answers.append("free_from_dependency")
        result.reasons.append(
            _(
                "The program asks that participants be free from any drug or alcohol dependency, for their own "
                "wellbeing in this work. If this changes, you are welcome to apply in a later year."
            )
        )
    if rules.requires_education and answers.get("education") == Application.Education.NONE:
        result.eligible = False
        result.answers.append("education")
        result.reasons.append(
            _(
                "The program asks for a GED, a high-school diploma or an equivalent. Many people complete a GED "
                "as adults; when you have it, we would be glad to hear from you."
            )
        )
    return result


def unanswered(application: Application) -> dict[str, list[str]]:
    """Per step, the answers still needed before the application can be sent (the step
    form's field names); a step with nothing left is not listed. The one definition of
    "complete": the send check, the bookmark and the "Still to answer" marks use it."""
    answers = application.eligibility or {}
    rules = application.cohort.requirement_set
    needed = {
        Application.Step.ABOUT: [] if application.home_state else ["home_state"],
        Application.Step.ELIGIBILITY: [
            name
            for name, asked in (
                ("exit_year", True),
                ("free_from_dependency", rules.requires_freedom_from_dependency),
                ("education", rules.requires_education),
            )
            # No is an answer too: only "not answered" counts.
            if asked and answers.get(name) in (None, "")
        ],
        Application.Step.RECOMMENDATION: [
            name
            for name in ("agency_name", "agency_contact_name", "agency_contact_email")
            if rules.requires_recommendation and not getattr(application, name)
        ],
        Application.Step.ASPIRATION: [] if application.aspiration else ["aspiration"],
    }
    if application.aspiration == Participant.Aspiration.OTHER and not application.aspiration_other.strip():
        needed[Application.Step.ASPIRATION] = ["aspiration_other"]
    return {step: names for step, names in needed.items() if names}


def missing_steps(application: Application) -> list[str]:
    """The steps a person still has to fill in before they can send the application."""
    return list(unanswered(application))


def still_to_answer(application: Application, step: str) -> list[str]:
    """The answers to mark "Still to answer" when she comes back to `step`: only on a step
    she has saved something on or gone past, so a step seen for the first time stays plain."""
    names = unanswered(application).get(step, [])
    if not names or STEP_ORDER.index(step) < STEP_ORDER.index(application.current_step):
        return names
    if step == Application.Step.ELIGIBILITY:
        started = any(value not in (None, "") for value in (application.eligibility or {}).values())
    else:
        started = any(getattr(application, name) for name in STEP_FIELDS.get(step, ()))
    return names if started else []


# --- The application itself -----------------------------------------------------------


def application_transition(
    *, application: Application, to: str, by, note: str = "", change: str = ""
) -> ApplicationEvent:
    """Move `application` to status `to` if the table allows it, once (a double click or
    two staff at once move it once), and record who did it (and `change`, what happened
    to the interview, if that is why). Returns the event."""
    current = application.status
    if to not in TRANSITIONS[current]:
        raise TransitionError(
            _("An application that is “%(current)s” cannot become “%(to)s”.")
            % {"current": S(current).label, "to": S(to).label}
        )
    return _move(application=application, to=to, by=by, note=note, change=change)


def _stale() -> TransitionError:
    return TransitionError(_("This application was changed a moment ago. Please look at it again."), code="stale")


def _move(*, application: Application, to: str, by, note: str, change: str = "") -> ApplicationEvent:
    current = application.status
    with transaction.atomic():
        moved = Application.objects.filter(pk=application.pk, status=current).update(
            status=to, updated_at=timezone.now()
        )
        if not moved:
            raise _stale()
        change_record(application, changes={"status": (current, to)}, by=by)
        event = _event_create(application=application, from_status=current, to=to, by=by, note=note, change=change)
    application.status = to
    return event


def _event_create(
    *, application: Application, from_status: str, to: str, by, note: str, change: str
) -> ApplicationEvent:
    """The one writer of the timeline (a move of status, or a change to the interview)."""
    return ApplicationEvent.objects.create(
        application=application, actor=by, from_status=from_status, to_status=to, note=note, change=change
    )


def _event_keeping_status(*, application: Application, change: str, by) -> ApplicationEvent:
    """A change to the interview that keeps the status (it moved to another time): on
    the timeline beside the moves. Refused, like a move, if the status changed meanwhile."""
    with transaction.atomic():
        current = (
            Application.objects.select_for_update().filter(pk=application.pk).values_list("status", flat=True).first()
        )
        if current != application.status:
            raise _stale()
        return _event_create(application=application, from_status=current, to=current, by=by, note="", change=change)


def _tell_applicant(*, application: Application, event: ApplicationEvent) -> None:
    """ "There is news": one message per real change (the event), never the news itself."""
    notification_queue(
        kind="application_news",
        key=f"application-news:{event.pk}",
        recipient=application.applicant,
        context={"path": reverse("applications:mine")},
    )


def application_start(*, applicant, cohort: Cohort, today: datetime.date | None = None) -> Application:
    """Open (or return) the person's draft for `cohort`; only while its window is open."""
    existing = Application.objects.filter(applicant=applicant, cohort=cohort).first()
    if existing:
        return existing
    if not cohort_selectors.cohort_is_open_for_applications(cohort, today=today):
        raise ApplicationError(_("Applications for this cohort are not open right now."), code="window_closed")
    try:
        with transaction.atomic():
            return Application.objects.create(applicant=applicant, cohort=cohort, home_state="")
    except IntegrityError:  # a double click: the first one made it
        return Application.objects.get(applicant=applicant, cohort=cohort)


STEP_FIELDS = {
    Application.Step.ABOUT: ("home_state",),
    Application.Step.RECOMMENDATION: ("agency_name", "agency_contact_name", "agency_contact_email", "name_for_agency"),
    Application.Step.ASPIRATION: ("aspiration", "aspiration_other"),
    Application.Step.ACCESS: ("access_needs", "interpreter_language"),
}
STEP_ORDER = list(Application.Step.values)


def application_save_step(*, application: Application, step: str, data: dict) -> Application:
    """Save one step of the draft (every step saves: a person can leave and come back,
    and "Save and come back later" may leave answers missing; sending checks them)."""
    if application.status != S.DRAFT:
        raise ApplicationError(_("This application has been sent and can no longer be changed."), code="not_draft")
    updates = {name: data[name] for name in STEP_FIELDS.get(step, ()) if name in data}
    _check_recommender(application, updates.get("agency_contact_email", ""))
    if step == Application.Step.ELIGIBILITY:
        updates["eligibility"] = {
            key: data.get(key) for key in ("exit_year", "exit_month", "free_from_dependency", "education")
        }
        if data.get("education_document"):
            updates["education_document"] = data["education_document"]
    # A new education document replaces the old one, which is deleted once this commits.
    with file_replacement(application, "education_document"):
        for name, value in updates.items():
            setattr(application, name, value)
        # The bookmark moves on only past a complete step: "Continue my application"
        # brings her back to a step she saved with answers still missing.
        following = STEP_ORDER[min(STEP_ORDER.index(step) + 1, len(STEP_ORDER) - 1)]
        if STEP_ORDER.index(following) > STEP_ORDER.index(application.current_step) and step not in unanswered(
            application
        ):
            application.current_step = updates["current_step"] = following
        application.save(update_fields=[*updates, "updated_at"])
    return application


def application_submit(*, application: Application, by, today: datetime.date | None = None) -> Application:
    """Send the application: complete, eligible, and with consent. The agency contact
    receives a one-time link; the applicant a calm confirmation."""
    missing = missing_steps(application)
    if missing:
        raise ApplicationError(
            _("A few parts still need an answer before you can send your application."), code="incomplete"
        )
    eligibility = eligibility_check(application=application, today=today)
    if not eligibility.eligible:
        raise ApplicationError(" ".join(eligibility.reasons), code="not_eligible")
    with transaction.atomic():
        application_transition(application=application, to=S.SUBMITTED, by=by)
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(submitted_at=now, consent_given_at=now)
        change_record(
            application,
            changes={
                "submitted_at": (application.submitted_at, now),
                "consent_given_at": (application.consent_given_at, now),
            },
            by=by,
        )
        application.submitted_at = application.consent_given_at = now
        access_needs_from_application(application=application, by=by)
        if application.cohort.requirement_set.requires_recommendation:
            recommendation_request(application=application, by=by)
        notification_queue(
            kind="application_received",
            key=f"application-received:{application.public_id}",
            recipient=application.applicant,
            context={"path": reverse("applications:mine")},
        )
    return application


def application_withdraw(*, application: Application, by, note: str = "") -> Application:
    """The person withdraws (or staff record that they asked to). An accepted person's
    enrolment is withdrawn with it."""
    with transaction.atomic():
        was_accepted = application.status == S.ACCEPTED
        application_transition(application=application, to=S.WITHDRAWN, by=by, note=note)
        if was_accepted:
            # Someone who has already finished keeps their record as it is.
            participant = Participant.objects.filter(
                user=application.applicant,
                cohort=application.cohort,
                status__in=Participant.TAKING_PART,
            ).first()
            if participant:
                participant_withdraw(participant=participant, by=by)
    return application


# --- Recommendation ------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_recommender(application: Application, email: str) -> None:
    refusal = own_address_refusal(email=email, subject=application.applicant)
    if refusal is not None:
        raise ApplicationError(refusal, code="self_confirmation")


def recommendation_request(*, application: Application, by) -> tuple[Recommendation, str]:
    """A fresh one-time link for the agency contact named in the application; any link
    still waiting stops working. Returns the row and the raw token (never stored).
    Nobody recommends themselves (applications.confirmers.rules)."""
    _check_recommender(application, application.agency_contact_email)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        waiting = list(application.recommendations.select_for_update().filter(status=Recommendation.Status.PENDING))
        Recommendation.objects.filter(pk__in=[old.pk for old in waiting]).update(status=Recommendation.Status.REPLACED)
        for old in waiting:
            change_record(
                old, changes={"status": (Recommendation.Status.PENDING, Recommendation.Status.REPLACED)}, by=by
            )
        recommendation = Recommendation.objects.create(
            application=application,
            agency_name=application.agency_name,
            contact_name=application.agency_contact_name,
            contact_email=application.agency_contact_email,
            token_hash=_hash(token),
            expires_at=timezone.now() + datetime.timedelta(days=RECOMMENDATION_LINK_DAYS),
        )
        notification_queue(
            kind="recommendation_request",
            key=f"recommendation-request:{recommendation.pk}",
            to_email=recommendation.contact_email,
            context={
                "path": reverse("applications:recommend", kwargs={"token": token}),
                "expires": recommendation.expires_at,
            },
        )
    return recommendation, token


def recommendation_contact_replace(
    *, application: Application, agency_name: str, contact_name: str, contact_email: str, by
) -> Recommendation:
    """Staff change the agency contact (for example, the first person left the agency).
    Only for a sent application still open: before sending, the person has not yet
    agreed that we contact the agency; after a decision, nobody needs the letter."""
    if application.status not in OPEN_AFTER_SENDING:
        raise ApplicationError(
            _("A recommendation can be asked for only while a sent application is still open."), code="not_open"
        )
    with transaction.atomic():
        application.agency_name, application.agency_contact_name, application.agency_contact_email = (
            agency_name,
            contact_name,
            contact_email,
        )
        application.save(update_fields=["agency_name", "agency_contact_name", "agency_contact_email", "updated_at"])
        recommendation, _token = recommendation_request(application=application, by=by)
    return recommendation


def recommendation_for_token(token: str) -> Recommendation:
    recommendation = (
        Recommendation.objects.select_related("application__applicant").filter(token_hash=_hash(token)).first()
    )
    if recommendation is None or recommendation.status == Recommendation.Status.REPLACED:
        raise LinkError(_("This link does not work. It may have been replaced by a newer one."))
    if recommendation.status == Recommendation.Status.RECEIVED:
        raise LinkError(_("Thank you: this recommendation has already been received."), code="used")
    refusal = confirmation_refusal(email=recommendation.contact_email, subject=recommendation.application.applicant)
    if refusal is not None:
        raise LinkError(refusal, code="not_independent")
    if recommendation.expires_at <= timezone.now():
        raise LinkError(_("This link has expired. Please ask the program team for a new one."), code="expired")
    return recommendation


def recommendation_submit(*, token: str, relationship: str, text: str, recommends: bool) -> Recommendation:
    """The agency's answer, through the one-time link. Works once."""
    recommendation = recommendation_for_token(token)
    with transaction.atomic():
        now = timezone.now()
        received = Recommendation.objects.filter(
            pk=recommendation.pk, status=Recommendation.Status.PENDING, expires_at__gt=now
        ).update(status=Recommendation.Status.RECEIVED, received_at=now)
        if not received:
            raise LinkError(_("Thank you: this recommendation has already been received."), code="used")
        change_record(
            recommendation,
            changes={
                "status": (Recommendation.Status.PENDING, Recommendation.Status.RECEIVED),
                "received_at": (recommendation.received_at, now),
            },
        )
        recommendation.status, recommendation.received_at = Recommendation.Status.RECEIVED, now
        # Saved through the model so the answers are encrypted.
        recommendation.relationship, recommendation.text, recommendation.recommends = relationship, text, recommends
        recommendation.save(update_fields=["relationship", "text", "recommends"])
        application = recommendation.application
        if application.status == S.SUBMITTED:
            application_transition(application=application, to=S.UNDER_REVIEW, by=None, note="")
    return recommendation


# --- Review and interview --------------------------------------------------------------


def staff_note_add(*, application: Application, author, text: str) -> StaffNote:
    text = text.strip()
    if not text or len(text) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            _("A note needs some text, up to %(count)s characters.") % {"count": NOTE_MAX_LENGTH}, code="bad_note"
        )
    return StaffNote.objects.create(application=application, author=author, text=text)


def interview_invite(*, application: Application, by) -> Application:
    if application.status != S.UNDER_REVIEW:
        raise TransitionError(_("Only an application being reviewed can be invited to an interview."))
    with transaction.atomic():
        event = application_transition(application=application, to=S.INTERVIEW_INVITED, by=by)
        _tell_applicant(application=application, event=event)
    return application


# --- Changing a booked interview ---------------------------------------------------------
# Rules chosen here:
# - The applicant moves or cancels her own interview until INTERVIEW_CHANGE_HOURS_BEFORE
#   hours before it (`selectors.interview_change_closes`); program staff, for her, until it
#   starts. A cancellation may carry a private reason (the event's note: program staff
#   read it on the timeline; it is never emailed).
# - Program staff change or delete a booked time only when they say the applicant is
#   told: she gets the news, her calendar entry changes, and she can move to another
#   time (a deleted one sends her back to choosing).
# - Once the time has come, staff may mark the interview missed (never once scored): she
#   may book again, INTERVIEW_NO_SHOW_REBOOKS times in all (`selectors.may_book_interview`).
# - Every change is an event on the timeline, news for the applicant and for the
#   interviewers of the times concerned (no details in the email), and a new SEQUENCE of
#   the same calendar entry (METHOD:CANCEL once cancelled, applications.calendar).

CANCEL_REASON_MAX_LENGTH = 1000


def _slot_taken() -> ApplicationError:
    return ApplicationError(_("Someone has just taken this time. Please choose another."), code="slot_taken")


def _booked_interview_locked(application: Application) -> Interview:
    interview = Interview.objects.select_for_update().select_related("slot").filter(application=application).first()
    if interview is None or application.status != S.INTERVIEW_BOOKED:
        raise ApplicationError(_("There is no booked interview to change."), code="not_booked")
    return interview


def _check_change(*, application: Application, interview: Interview, by) -> None:
    now = timezone.now()
    if interview.slot.starts_at <= now:
        raise ApplicationError(
            _("This interview has already started, so it can no longer be moved or cancelled."),
            code="interview_started",
        )
    if by is not None and by.pk == application.applicant_id and now >= selectors.interview_change_closes(interview):
        hours = settings.INTERVIEW_CHANGE_HOURS_BEFORE
        raise ApplicationError(
            ngettext(
                "Your interview is less than %(hours)s hour away, so it can no longer be changed here. "
                "Please write to %(email)s and we will find a way together.",
                "Your interview is less than %(hours)s hours away, so it can no longer be changed here. "
                "Please write to %(email)s and we will find a way together.",
                hours,
            )
            % {"hours": hours, "email": settings.PROGRAM_CONTACT_EMAIL},
            code="too_late",
        )


def _calendar_booked(*, application: Application, slot: InterviewSlot) -> InterviewCalendar:
    """A new booking is a new calendar entry (a new UID)."""
    calendar_entry, _created = InterviewCalendar.objects.update_or_create(
        application=application,
        defaults={
            "uid": uuid.uuid4(),
            "sequence": 0,
            "starts_at": slot.starts_at,
            "duration_minutes": slot.duration_minutes,
            "cancelled": False,
        },
    )
    return calendar_entry


def _calendar_locked(interview: Interview) -> InterviewCalendar:
    """Her calendar entry, locked, read before the interview changes."""
    return InterviewCalendar.objects.select_for_update().filter(
        application_id=interview.application_id
    ).first() or selectors.calendar_entry_before_changes(interview)


def _calendar_changed(calendar_entry: InterviewCalendar, *, slot: InterviewSlot, cancelled: bool = False) -> None:
    """The same calendar entry, one change later, at `slot`'s time."""
    calendar_entry.sequence += 1
    calendar_entry.starts_at, calendar_entry.duration_minutes = slot.starts_at, slot.duration_minutes
    calendar_entry.cancelled = cancelled
    if calendar_entry.pk is None:
        calendar_entry.save()
    else:
        calendar_entry.save(update_fields=["sequence", "starts_at", "duration_minutes", "cancelled"])


def _tell_panel(*, slots: list[InterviewSlot], event: ApplicationEvent) -> None:
    """The interviewers of these times: an interview of theirs changed (details on the site)."""
    assignments = InterviewerAssignment.objects.filter(
        slot__in=[slot.pk for slot in slots], removed_at__isnull=True
    ).select_related("interviewer")
    notification_queue_many(
        Message(
            kind="interview_panel_news",
            key=f"interview-panel-news:{event.pk}:{assignment.interviewer_id}",
            recipient=assignment.interviewer,
            context={"path": reverse("applications_staff:interviews")},
        )
        for assignment in assignments
    )


def _booking_ended(*, application: Application, interview: Interview, event: ApplicationEvent) -> None:
    """After a cancellation: the time is free again, the calendar entry is cancelled, and
    the applicant and the interviewers are told."""
    _calendar_changed(_calendar_locked(interview), slot=interview.slot, cancelled=True)
    _tell_panel(slots=[interview.slot], event=event)
    interview.delete()
    _tell_applicant(application=application, event=event)


def interview_booking_cancel(*, application: Application, by, reason: str = "") -> Application:
    """The person (or staff for them) gives up a booked time: the slot is free again and
    the person can choose another. `reason`, optional, is private (program staff only)."""
    reason = reason.strip()
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise ApplicationError(
            _("Please keep the reason under %(count)s characters.") % {"count": CANCEL_REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    with transaction.atomic():
        interview = _booked_interview_locked(application)
        _check_change(application=application, interview=interview, by=by)
        event = application_transition(
            application=application, to=S.INTERVIEW_INVITED, by=by, note=reason, change=C.INTERVIEW_CANCELLED
        )
        _booking_ended(application=application, interview=interview, event=event)
    return application


def interview_reschedule(*, application: Application, slot: InterviewSlot, by) -> Interview:
    """Move a booked interview to another open time of its cohort: the same booking and
    calendar entry (one change later), a move on the timeline."""
    if slot.cohort_id != application.cohort_id or slot.starts_at <= timezone.now():
        raise ApplicationError(_("This time is not available. Please choose another."), code="slot_unavailable")
    try:
        with transaction.atomic():
            interview = _booked_interview_locked(application)
            _check_change(application=application, interview=interview, by=by)
            if interview.slot_id == slot.pk:
                raise ApplicationError(_("The interview is already at this time."), code="same_slot")
            # Locked like a booking: a change or deletion of this time waits for the move.
            InterviewSlot.objects.select_for_update().filter(pk=slot.pk).first()
            calendar_entry = _calendar_locked(interview)
            earlier = interview.slot
            interview.slot = slot
            interview.save(update_fields=["slot"])
            event = _event_keeping_status(application=application, change=C.INTERVIEW_MOVED, by=by)
            _calendar_changed(calendar_entry, slot=slot)
            _tell_panel(slots=[earlier, slot], event=event)
            _tell_applicant(application=application, event=event)
    except IntegrityError:  # the time's one booking (a unique constraint): someone else's
        raise _slot_taken() from None
    return interview


def interview_missed_record(*, application: Application, by) -> Application:
    """Program staff: the person did not come. She is offered a new time to book (as many
    times in all as INTERVIEW_NO_SHOW_REBOOKS); the missed time stays in the past."""
    with transaction.atomic():
        interview = _booked_interview_locked(application)
        if interview.slot.starts_at > timezone.now():
            raise ApplicationError(
                _("An interview can be marked as missed once its time has come."), code="not_started"
            )
        if interview.scores.exists():
            raise ApplicationError(
                _("An interviewer has recorded scores for this interview, so it took place."), code="scored"
            )
        event = application_transition(
            application=application, to=S.INTERVIEW_INVITED, by=by, change=C.INTERVIEW_MISSED
        )
        slot = interview.slot
        interview.delete()
        slot.missed_by = application
        slot.save(update_fields=["missed_by"])
        _tell_applicant(application=application, event=event)
    return application


def _interview_time_checked(*, starts: list[datetime.datetime], duration_minutes: int, location: str) -> str:
    """The rules every interview time follows (added one by one, several at once, or
    changed): in the future, 10 to 240 minutes, a place. Returns the tidied place."""
    if any(starts_at <= timezone.now() for starts_at in starts):
        raise ApplicationError(_("An interview time must be in the future."), code="past_slot")
    if not MIN_INTERVIEW_MINUTES <= duration_minutes <= MAX_INTERVIEW_MINUTES:
        raise ApplicationError(_("An interview lasts between 10 and 240 minutes."), code="bad_duration")
    location = location.strip()
    if not location or len(location) > 300:
        raise ApplicationError(_("Please say where the interview happens, or give the video link."), code="no_location")
    return location


def _refuse_overlaps(
    *, cohort_id: int, starts: list[datetime.datetime], duration_minutes: int, ignore: InterviewSlot | None = None
) -> None:
    """Two interview times of one cohort never overlap (the same team interviews): the
    first clash is named, in the program's time zone. Call inside the transaction that
    writes the times: it locks the cohort, so two people adding times at once cannot
    overlap each other's."""
    Cohort.objects.select_for_update().filter(pk=cohort_id).first()
    length = datetime.timedelta(minutes=duration_minutes)
    # Only times that could touch the new ones: none lasts longer than the longest.
    nearby = InterviewSlot.objects.filter(
        cohort_id=cohort_id,
        starts_at__lt=max(starts) + length,
        starts_at__gt=min(starts) - datetime.timedelta(minutes=MAX_INTERVIEW_MINUTES),
    )
    if ignore is not None:
        nearby = nearby.exclude(pk=ignore.pk)
    for other in nearby.order_by("starts_at", "pk"):
        other_ends = other.starts_at + datetime.timedelta(minutes=other.duration_minutes)
        if any(other.starts_at < starts_at + length and starts_at < other_ends for starts_at in starts):
            local = timezone.localtime(other.starts_at)
            raise ApplicationError(
                _(
                    "This overlaps the interview time on %(date)s at %(time)s (%(zone)s time). "
                    "Please choose times that do not overlap it."
                )
                % {"date": date_format(local), "time": time_format(local), "zone": local.tzname()},
                code="overlap",
            )


def interview_slot_create(
    *, cohort: Cohort, starts_at: datetime.datetime, duration_minutes: int, location: str, by
) -> InterviewSlot:
    location = _interview_time_checked(starts=[starts_at], duration_minutes=duration_minutes, location=location)
    with transaction.atomic():
        _refuse_overlaps(cohort_id=cohort.pk, starts=[starts_at], duration_minutes=duration_minutes)
        return InterviewSlot.objects.create(
            cohort=cohort, starts_at=starts_at, duration_minutes=duration_minutes, location=location, created_by=by
        )


def interview_series_starts(
    *, day: datetime.date, first: datetime.time, until: datetime.time, duration_minutes: int, gap_minutes: int
) -> list[datetime.datetime]:
    """The starts of interviews laid end to end on `day`, from `first` until `until` (the
    last one ends by then), each `duration_minutes` long with `gap_minutes` between.
    Worked out on the wall clock of the program's time zone, so 9:00 stays 9:00 on a day
    the clocks change. Stops after one more than the most added at once (enough to say
    there are too many)."""
    if duration_minutes <= 0 or gap_minutes < 0:
        return []
    start = datetime.datetime.combine(day, first)
    end = datetime.datetime.combine(day, until)
    step = datetime.timedelta(minutes=duration_minutes + gap_minutes)
    length = datetime.timedelta(minutes=duration_minutes)
    starts = []
    while start + length <= end and len(starts) <= MAX_INTERVIEW_TIMES_AT_ONCE:
        starts.append(timezone.make_aware(start))
        start += step
    return starts


def interview_slot_create_series(
    *,
    cohort: Cohort,
    day: datetime.date,
    first: datetime.time,
    until: datetime.time,
    duration_minutes: int,
    gap_minutes: int,
    location: str,
    by,
) -> list[InterviewSlot]:
    """Several interview times at once (a morning of interviews): all of them, or none."""
    if not 0 <= gap_minutes <= MAX_INTERVIEW_MINUTES:
        raise ApplicationError(_("Please give a gap between 0 and 240 minutes."), code="bad_gap")
    starts = interview_series_starts(
        day=day, first=first, until=until, duration_minutes=duration_minutes, gap_minutes=gap_minutes
    )
    if not starts:
        raise ApplicationError(
            _("No interview fits between these times. Please choose a later end or a shorter length."),
            code="no_times",
        )
    if len(starts) > MAX_INTERVIEW_TIMES_AT_ONCE:
        raise ApplicationError(
            _("This would add more than %(count)s times. Please add at most %(count)s at once.")
            % {"count": MAX_INTERVIEW_TIMES_AT_ONCE},
            code="too_many_times",
        )
    location = _interview_time_checked(starts=starts, duration_minutes=duration_minutes, location=location)
    with transaction.atomic():
        _refuse_overlaps(cohort_id=cohort.pk, starts=starts, duration_minutes=duration_minutes)
        # One by one (a few at most): each new time is in the change history.
        return [
            InterviewSlot.objects.create(
                cohort=cohort, starts_at=starts_at, duration_minutes=duration_minutes, location=location, created_by=by
            )
            for starts_at in starts
        ]


def _slot_locked(slot: InterviewSlot, *, applicant_told: bool) -> tuple[InterviewSlot, Interview | None]:
    """The time, locked, if it is still there, and its booking. A booked time changes only
    when staff said the applicant is told (`applicant_told`). The lock: a booking at the
    same moment either comes first (and is seen here) or waits and books the time as
    changed."""
    current = InterviewSlot.objects.select_for_update().filter(pk=slot.pk).first()
    if current is None:
        raise ApplicationError(_("This interview time was already deleted."), code="already_deleted")
    interview = Interview.objects.select_related("application", "slot").filter(slot=current).first()
    if interview is not None and not applicant_told:
        raise ApplicationError(
            _(
                "Someone has booked this time, so it stays as it is unless the applicant is told. "
                "Tick the box to tell them; they can then choose another time if this one does not suit."
            ),
            code="slot_booked",
        )
    if interview is not None:
        _check_change(application=interview.application, interview=interview, by=None)
    return current, interview


def interview_slot_change(
    *,
    slot: InterviewSlot,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str,
    by,
    applicant_told: bool = False,
) -> InterviewSlot:
    """Change a time. A booked one changes only with `applicant_told`: the booking moves
    with it, and the applicant is told (she can move to another time)."""
    location = _interview_time_checked(starts=[starts_at], duration_minutes=duration_minutes, location=location)
    with transaction.atomic():
        current, interview = _slot_locked(slot, applicant_told=applicant_told)
        _refuse_overlaps(
            cohort_id=current.cohort_id, starts=[starts_at], duration_minutes=duration_minutes, ignore=current
        )
        current.starts_at, current.duration_minutes, current.location = starts_at, duration_minutes, location
        current.save(update_fields=["starts_at", "duration_minutes", "location"])
        if interview is not None:
            application = interview.application
            event = _event_keeping_status(application=application, change=C.INTERVIEW_TIME_CHANGED, by=by)
            _calendar_changed(_calendar_locked(interview), slot=current)
            _tell_panel(slots=[current], event=event)
            _tell_applicant(application=application, event=event)
    return current


def interview_slot_delete(*, slot: InterviewSlot, by, applicant_told: bool = False) -> None:
    """Delete a time; its panel goes with it. A booked one only with `applicant_told`: the
    booking is cancelled and the applicant chooses another time."""
    with transaction.atomic():
        current, interview = _slot_locked(slot, applicant_told=applicant_told)
        if interview is not None:
            application = interview.application
            event = application_transition(
                application=application, to=S.INTERVIEW_INVITED, by=by, change=C.INTERVIEW_CANCELLED
            )
            _booking_ended(application=application, interview=interview, event=event)
        current.delete()


def interview_book(*, application: Application, slot: InterviewSlot, by) -> Interview:
    """Book a time: a new calendar entry. After missed interviews, only as many times as
    INTERVIEW_NO_SHOW_REBOOKS allows."""
    if slot.cohort_id != application.cohort_id or slot.starts_at <= timezone.now():
        raise ApplicationError(_("This time is not available. Please choose another."), code="slot_unavailable")
    if not selectors.may_book_interview(missed=selectors.interviews_missed(application.events.all())):
        raise ApplicationError(
            _("Please write to %(email)s to choose a time together.") % {"email": settings.PROGRAM_CONTACT_EMAIL},
            code="no_more_bookings",
        )
    try:
        with transaction.atomic():
            # Locked: a change or deletion of this time at the same moment waits for the
            # booking (and is then refused, as the time is booked).
            InterviewSlot.objects.select_for_update().filter(pk=slot.pk).first()
            interview = Interview.objects.create(application=application, slot=slot)
            _calendar_booked(application=application, slot=slot)
            event = application_transition(application=application, to=S.INTERVIEW_BOOKED, by=by)
            _tell_applicant(application=application, event=event)
    except IntegrityError:  # the time's one booking (a unique constraint): someone else's
        raise _slot_taken() from None
    return interview


def interview_panel_set(*, slot: InterviewSlot, interviewers, by) -> list[InterviewerAssignment]:
    """Program staff choose who interviews at this time (at least one person, each
    program staff or an instructor, none of them an applicant or participant). Who joins
    and who leaves is kept: a removed assignment keeps its row with `removed_at`."""
    chosen = {user.pk: user for user in interviewers}
    if not chosen:
        raise ApplicationError(_("Please choose at least one interviewer."), code="panel_empty")
    allowed = set(selectors.interview_panel_candidates().filter(pk__in=chosen).values_list("pk", flat=True))
    if set(chosen) - allowed:
        raise ApplicationError(
            _("Interviewers are program staff or instructors, and never applicants or participants."),
            code="panel_not_allowed",
        )
    now = timezone.now()
    with transaction.atomic():
        slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        current = {a.interviewer_id: a for a in slot.assignments.filter(removed_at__isnull=True)}
        for interviewer_id in set(current) - set(chosen):
            assignment = current[interviewer_id]
            assignment.removed_at, assignment.removed_by = now, by
            assignment.save(update_fields=["removed_at", "removed_by"])
        InterviewerAssignment.objects.bulk_create(
            InterviewerAssignment(slot=slot, interviewer=chosen[pk], assigned_by=by, assigned_at=now)
            for pk in chosen
            if pk not in current
        )
    return list(slot.assignments.filter(removed_at__isnull=True))


def interview_score_record(
    *, interview: Interview, interviewer, scores: dict[int, int], comments: str
) -> InterviewScore:
    """One interviewer's rubric, once the interview has started, by someone on its panel.
    Every active criterion needs a score from 1 to 5."""
    application = interview.application
    if not selectors.is_on_panel(slot_id=interview.slot_id, user=interviewer):
        raise ApplicationError(
            _("Only the interviewers assigned to this interview can score it. Program staff choose the panel."),
            code="not_on_panel",
        )
    if application.status not in (S.INTERVIEW_BOOKED, S.INTERVIEWED) or not selectors.interview_has_started(interview):
        raise ApplicationError(_("Scores can be recorded once the interview has started."), code="not_interviewed")
    criteria = set(RubricCriterion.objects.filter(active=True).values_list("pk", flat=True))
    clean = {int(k): int(v) for k, v in scores.items()}
    if set(clean) != criteria or not all(1 <= v <= 5 for v in clean.values()):
        raise ApplicationError(_("Please give every criterion a score from 1 to 5."), code="incomplete_rubric")
    with transaction.atomic():
        score, _created = InterviewScore.objects.update_or_create(
            interview=interview, interviewer=interviewer, defaults={"scores": clean, "comments": comments}
        )
        if application.status == S.INTERVIEW_BOOKED:
            application_transition(application=application, to=S.INTERVIEWED, by=interviewer)
    return score


def decision_message(*, kind: str, language: str) -> str:
    template = (
        DecisionTemplate.objects.filter(kind=kind, language=language).first()
        or DecisionTemplate.objects.filter(kind=kind).first()
    )
    return template.body if template else ""


def application_decide(*, application: Application, decision: str, by, message: str = "") -> Application:
    """Accept, waitlist or decline. Acceptance enrols the person in the cohort, with the
    fee due, in the same transaction. The email only says there is news; the message is
    read on the site."""
    if decision not in DECISIONS:
        raise TransitionError(_("Please choose accept, waiting list or decline."), code="unknown_decision")
    rules = application.cohort.requirement_set
    if decision == S.ACCEPTED and rules.requires_interview and application.status == S.UNDER_REVIEW:
        raise TransitionError(_("This cohort asks for an interview before an offer."), code="interview_required")
    previous = application.status
    try:
        with transaction.atomic():
            event = application_transition(application=application, to=decision, by=by)
            if decision == S.ACCEPTED:
                participant_enroll(
                    user=application.applicant,
                    cohort=application.cohort,
                    aspiration=application.aspiration or Participant.Aspiration.OTHER,
                    home_state=application.home_state,
                )
            text = message.strip() or decision_message(kind=decision, language=application.applicant.preferred_language)
            now = timezone.now()
            Application.objects.filter(pk=application.pk).update(decided_at=now, decision_message=text)
            change_record(
                application,
                changes={
                    "decided_at": (application.decided_at, now),
                    "decision_message": (application.decision_message, text),
                },
                by=by,
            )
            application.decided_at, application.decision_message = now, text
            _tell_applicant(application=application, event=event)
    except CohortFull:
        application.status = previous  # the database rolled back; so does this object
        raise TransitionError(
            _("The cohort is full. You could place this person on the waiting list."), code="cohort_full"
        ) from None
    except AlreadyEnrolled:
        application.status = previous
        raise TransitionError(
            _("This person is already a participant of this cohort."), code="already_enrolled"
        ) from None
    return application


def decision_template_update(*, template: DecisionTemplate, body: str, by) -> DecisionTemplate:
    """Staff edit the message people read with a decision (audited through auditlog)."""
    body = body.strip()
    if not body:
        raise ApplicationError(_("A decision message cannot be empty."), code="empty_message")
    template.body = body
    template.save(update_fields=["body"])
    return template


# --- Appeals ----------------------------------------------------------------------------


def appeal_submit(*, application: Application, reason: str, today: datetime.date | None = None) -> Appeal:
    today = today or timezone.localdate()
    if application.status not in (S.DECLINED, S.WAITLISTED) or application.decided_at is None:
        raise ApplicationError(_("A review can be asked for after a decision."), code="nothing_to_appeal")
    last_day = timezone.localdate(application.decided_at) + datetime.timedelta(
        days=application.cohort.requirement_set.appeal_days
    )
    if today > last_day:
        raise ApplicationError(
            _(
                "Reviews can be asked for until %(date)s, which has passed. You are welcome to write to the program team."
            )
            % {"date": date_format(last_day, "DATE_FORMAT")},
            code="appeal_window_closed",
        )
    if not reason.strip():
        raise ApplicationError(_("Please tell us briefly why you would like a review."), code="empty_reason")
    try:
        with transaction.atomic():
            return Appeal.objects.create(application=application, reason=reason)
    except IntegrityError:
        raise ApplicationError(
            _("You have already asked for a review. We will write when it is done."), code="already_appealed"
        ) from None


def appeal_decide(*, appeal: Appeal, outcome: str, note: str, by) -> Appeal:
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.RECONSIDERED):
        raise ApplicationError(_("Please choose an outcome."), code="unknown_outcome")
    with transaction.atomic():
        now = timezone.now()
        decided = Appeal.objects.filter(pk=appeal.pk, outcome=Appeal.Outcome.PENDING).update(
            outcome=outcome, outcome_note=note, decided_by=by, decided_at=now
        )
        if not decided:
            raise ApplicationError(_("This review has already been decided."), code="already_decided")
        change_record(
            appeal,
            changes={
                "outcome": (Appeal.Outcome.PENDING, outcome),
                "outcome_note": (appeal.outcome_note, note),
                "decided_by": (appeal.decided_by_id, by),
                "decided_at": (appeal.decided_at, now),
            },
            by=by,
        )
        application = appeal.application
        if outcome == Appeal.Outcome.RECONSIDERED and application.status in APPEAL_REOPENS:
            # The one way a decision is reopened: not in the transition table on purpose.
            _move(application=application, to=APPEAL_REOPENS[application.status], by=by, note=note)
        notification_queue(
            kind="application_news",
            key=f"appeal-decided:{appeal.pk}",
            recipient=application.applicant,
            context={"path": reverse("applications:mine")},
        )
    appeal.refresh_from_db()
    return appeal


# --- Reminders (beat) ----------------------------------------------------------------------

RECOMMENDATION_REMINDER_DAYS = (7, 14)


def recommendation_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind agency contacts whose link is still waiting, 7 and 14 days after it was sent.
    Each reminder has its own key, so running this again sends nothing new. The statement
    is keyed by the day (`cpse.prepared`): it reads the links waiting at some moment of it,
    and the exact moment is checked here."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day_starts, day_ends = day_span(today)
    first = datetime.timedelta(days=RECOMMENDATION_REMINDER_DAYS[0])
    waiting = prepared_rows(
        ("reminders.recommendation_pending", day_starts, day_ends),
        lambda: Recommendation.objects.filter(
            status=Recommendation.Status.PENDING, expires_at__gt=day_starts, created_at__lt=day_ends - first
        ),
    )
    messages = []
    for recommendation in waiting:
        due = [
            day
            for day in RECOMMENDATION_REMINDER_DAYS
            if recommendation.created_at + datetime.timedelta(days=day) <= now
        ]
        if not due or recommendation.expires_at <= now:
            continue
        messages.append(
            Message(
                kind="recommendation_reminder",
                key=f"recommendation-reminder:{recommendation.pk}:{due[-1]}",
                to_email=recommendation.contact_email,
                context={"expires": recommendation.expires_at},
            )
        )
    return notification_queue_many(messages)


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """The day before an interview, remind the applicant (once per interview and time: a
    moved interview is reminded of again). Built once a day per process (`cpse.prepared`)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    interviews = prepared_rows(
        ("reminders.interview_tomorrow", tomorrow, timezone.get_current_timezone_name()),
        lambda: Interview.objects.select_related("application__applicant").filter(
            slot__starts_at__date=tomorrow, application__status=S.INTERVIEW_BOOKED
        ),
    )
    return notification_queue_many(
        Message(
            kind="interview_reminder",
            key=f"interview-reminder:{interview.pk}:{interview.slot_id}",
            recipient=interview.application.applicant,
            context={"path": reverse("applications:mine")},
        )
        for interview in interviews
    )
