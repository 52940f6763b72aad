"""Practicum: the participant names their host agency and supervisor and logs practicum
hours; the supervisor confirms or declines each entry once: from the list of what waits
for them (one daily email with a private link, checkins.supervisor_digest), through a
one-time link emailed before that list existed (only a hash of its token is stored), or
signed in to their sponsor-portal account.

The hour rules are the self-care rules (requirements_tracking.hours.rules): positive quarter hours, at most
24 a day over all entries, no future dates, inside the program, enrolled or on leave.
"""

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from applications.confirmers.rules import confirmation_refusal, email_key, own_address_refusal
from cohorts.models import Participant, Requirement
from cohorts.services import participant_lock
from cpse.audit.services import change_record
from cpse.notify.services import notification_queue
from requirements_tracking.hours.rules import HourEntryError, day_total_check, entry_check
from requirements_tracking.models import HourEntry, Practicum, SupervisorConfirmation
from requirements_tracking.practicum import supervisor_list

S = HourEntry.Status
C = SupervisorConfirmation.Status
PRACTICUM_CATEGORIES = (Requirement.Category.PRACTICUM,)
LINK_DAYS = 30
CONFIRM, DECLINE = "confirm", "decline"


class PracticumError(HourEntryError):
    code = "practicum_error"


class LinkError(PracticumError):
    code = "invalid_link"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sponsor_account(email: str) -> User | None:
    """A supervisor with a sponsor-portal account answers signed in as well as by link."""
    return User.objects.filter(email__iexact=email, is_active=True, groups__name=Role.SPONSOR).order_by("pk").first()


def practicum_requirement(participant: Participant) -> Requirement | None:
    return Requirement.objects.filter(
        requirement_set_id=participant.cohort.requirement_set_id,
        kind=Requirement.Kind.HOURS,
        category__in=PRACTICUM_CATEGORIES,
    ).first()


def practicum_set(
    *, participant: Participant, host_agency: str, supervisor_name: str, supervisor_email: str
) -> Practicum:
    """A new current practicum; the earlier one is kept (its confirmed hours stay with it).

    Hours still waiting stay with the supervisor who was asked: their links keep working.
    Nothing moves to the newly named supervisor by itself; program staff may send an
    entry to the current supervisor instead (`supervisor_confirmation_move`)."""
    host_agency, supervisor_name, supervisor_email = (
        host_agency.strip(),
        supervisor_name.strip(),
        supervisor_email.strip(),
    )
    if not (host_agency and supervisor_name and supervisor_email):
        raise PracticumError(_("Please name the host agency and your supervisor."), code="missing")
    refusal = own_address_refusal(email=supervisor_email, subject=participant.user)
    if refusal is not None:
        raise PracticumError(refusal, code="self_confirmation")
    with transaction.atomic():
        participant = participant_lock(participant)
        if participant.status not in Participant.TAKING_PART:
            raise PracticumError(_("A practicum can be named while you are enrolled or on leave."), code="not_active")
        previous = Practicum.objects.filter(participant=participant, is_current=True).first()
        if previous is not None:
            Practicum.objects.filter(pk=previous.pk).update(is_current=False)
            change_record(previous, changes={"is_current": (True, False)})
        practicum = Practicum.objects.create(
            participant=participant,
            host_agency=host_agency,
            supervisor_name=supervisor_name,
            supervisor_email=supervisor_email,
            supervisor_email_key=email_key(supervisor_email),
            supervisor_user=_sponsor_account(supervisor_email),
        )
    return practicum


def supervisor_confirmation_move(*, entry: HourEntry, by) -> SupervisorConfirmation:
    """Program staff decide that hours waiting for an earlier supervisor go to the
    participant's current supervisor instead: the earlier link stops working, and the
    current supervisor is emailed their list at once."""
    with transaction.atomic():
        participant = participant_lock(entry.participant)
        current = Practicum.objects.filter(participant=participant, is_current=True).first()
        if entry.status != S.SUBMITTED or current is None or entry.practicum_id == current.pk:
            raise PracticumError(
                _("Only hours waiting for an earlier supervisor can be sent to the current one."), code="not_movable"
            )
        HourEntry.objects.filter(pk=entry.pk).update(practicum=current)
        change_record(entry, changes={"practicum": (entry.practicum_id, current)}, by=by)
        entry.practicum = current
        confirmation, _token = supervisor_confirmation_request(entry=entry)
        supervisor_list.send_now(email=current.supervisor_email, reason=f"practicum:{confirmation.pk}")
    return confirmation


def supervisor_confirmation_request(*, entry: HourEntry) -> tuple[SupervisorConfirmation, str]:
    """Ask the entry's supervisor, for LINK_DAYS: the entry waits in their list, which
    their daily email links to (checkins.supervisor_digest), instead of one email per
    entry. A request still waiting for this entry is replaced (its link, if one was
    emailed before the list existed, stops working). Returns the row and the raw token of
    its own link (never stored, no longer emailed)."""
    token = secrets.token_urlsafe(32)
    practicum = entry.practicum
    with transaction.atomic():
        waiting = list(SupervisorConfirmation.objects.select_for_update().filter(entry=entry, status=C.PENDING))
        SupervisorConfirmation.objects.filter(pk__in=[old.pk for old in waiting]).update(status=C.REPLACED)
        for old in waiting:
            change_record(old, changes={"status": (C.PENDING, C.REPLACED)})
        confirmation = SupervisorConfirmation.objects.create(
            entry=entry,
            practicum=practicum,
            token_hash=_hash(token),
            expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS),
        )
    return confirmation, token


def _check_hours(*, participant, requirement, date, hours, today, entry=None) -> None:
    """The self-care rules, with the practicum requirement let through (under the lock)."""
    entry_check(
        participant=participant,
        requirement=requirement,
        date=date,
        hours=hours,
        today=today,
        categories=PRACTICUM_CATEGORIES,
    )
    day_total_check(participant=participant, date=date, hours=hours, entry=entry)


def practicum_hours_log(
    *,
    participant: Participant,
    date: datetime.date,
    hours: Decimal,
    reflection: str,
    today: datetime.date | None = None,
) -> HourEntry:
    """Hours at the current practicum; they wait for the supervisor's answer."""
    today = today or timezone.localdate()
    with transaction.atomic():
        participant = participant_lock(participant)
        practicum = Practicum.objects.filter(participant=participant, is_current=True).first()
        if practicum is None:
            raise PracticumError(
                _("Please first tell us where you do your practicum and who supervises you."), code="no_practicum"
            )
        requirement = practicum_requirement(participant)
        if requirement is None:
            raise PracticumError(_("Your program has no practicum hours to log."), code="wrong_requirement")
        _check_hours(participant=participant, requirement=requirement, date=date, hours=hours, today=today)
        entry = HourEntry.objects.create(
            participant=participant,
            requirement=requirement,
            practicum=practicum,
            date=date,
            hours=hours,
            kind=HourEntry.Kind.PRACTICUM,
            reflection=reflection,
        )
        supervisor_confirmation_request(entry=entry)
    return entry


def practicum_hours_update(
    *,
    entry: HourEntry,
    participant: Participant,
    date: datetime.date,
    hours: Decimal,
    reflection: str,
    today: datetime.date | None = None,
) -> HourEntry:
    """The owner changes hours that wait or were declined: they wait again, and the
    supervisor gets a fresh link (the earlier one stops working)."""
    today = today or timezone.localdate()
    if entry.participant_id != participant.pk or entry.practicum_id is None:
        raise PracticumError(_("This entry is not yours."), code="not_yours")
    with transaction.atomic():
        participant = participant_lock(participant)
        _check_hours(
            participant=participant, requirement=entry.requirement, date=date, hours=hours, today=today, entry=entry
        )
        # Waiting or declined (either): the row is locked and saved, so its history shows which.
        locked = HourEntry.objects.select_for_update().filter(pk=entry.pk, status__in=(S.SUBMITTED, S.RETURNED)).first()
        if locked is None:
            raise PracticumError(
                _("Your supervisor has confirmed these hours, so they can no longer be changed."),
                code="already_approved",
            )
        locked.date, locked.hours, locked.reflection, locked.status = date, hours, reflection, S.SUBMITTED
        locked.reviewed_by = locked.reviewed_at = None
        locked.save(update_fields=["date", "hours", "reflection", "status", "reviewed_by", "reviewed_at"])
        entry.date, entry.hours, entry.reflection, entry.status = date, hours, reflection, S.SUBMITTED
        entry.reviewed_by = entry.reviewed_at = None
        supervisor_confirmation_request(entry=entry)
    return entry


def supervisor_confirmation_resend(*, entry: HourEntry) -> SupervisorConfirmation:
    """Program staff send the supervisor a new link (lost or expired email): the entry is
    asked again, and the supervisor's list is emailed at once."""
    if entry.practicum_id is None or entry.status != S.SUBMITTED:
        raise PracticumError(_("Only hours waiting for the supervisor can be sent again."), code="not_waiting")
    with transaction.atomic():
        confirmation, _token = supervisor_confirmation_request(entry=entry)
        supervisor_list.send_now(email=entry.practicum.supervisor_email, reason=f"practicum:{confirmation.pk}")
    return confirmation


def _link_refusal(confirmation: SupervisorConfirmation | None, now: datetime.datetime) -> LinkError | None:
    if confirmation is None:
        return LinkError(_("This link does not work. Please check that the whole link was copied."))
    if confirmation.status == C.REPLACED:
        return LinkError(
            _("This link was replaced by a newer one. Please use the link in the most recent email."), code="replaced"
        )
    if confirmation.status in (C.CONFIRMED, C.DECLINED):
        return LinkError(_("Thank you: these hours have already been answered."), code="used")
    if confirmation.expires_at <= now:
        return LinkError(_("This link has expired. Please write to the program team for a new one."), code="expired")
    return None


def confirmation_for_token(token: str) -> SupervisorConfirmation:
    confirmation = (
        SupervisorConfirmation.objects.select_related("practicum", "entry__participant__user")
        .defer("entry__reflection", "entry__staff_comment")
        .filter(token_hash=_hash(token))
        .first()
    )
    refusal = _link_refusal(confirmation, timezone.now())
    if refusal is not None:
        raise refusal
    _check_confirmer(confirmation, by=None)
    return confirmation


def _check_confirmer(confirmation: SupervisorConfirmation, *, by: User | None) -> None:
    """Nobody confirms their own hours, nor does anyone in the program (applications.confirmers.rules)."""
    refusal = confirmation_refusal(
        email=confirmation.practicum.supervisor_email, subject=confirmation.entry.participant.user, by=by
    )
    if refusal is not None:
        raise LinkError(refusal, code="not_independent")


def supervisor_confirmation_decide(
    *, confirmation: SupervisorConfirmation, decision: str, comment: str = "", by: User | None = None
) -> SupervisorConfirmation:
    """The supervisor's answer, once: through the link (`by` None) or signed in (`by`).
    Confirmed hours are approved and count; declined hours go back to the participant
    with the supervisor's words, and the participant is told there is news."""
    comment = (comment or "").strip()
    if decision not in (CONFIRM, DECLINE):
        raise PracticumError(_("Please choose Confirm or Decline."), code="bad_decision")
    if decision == DECLINE and not comment:
        raise PracticumError(
            _("Please write a few words, so the participant knows what to change."), code="comment_required"
        )
    if by is not None and confirmation.practicum.supervisor_user_id != by.pk:
        raise PracticumError(_("Only the named supervisor can answer."), code="not_supervisor")
    _check_confirmer(confirmation, by=by)
    now = timezone.now()
    status = C.CONFIRMED if decision == CONFIRM else C.DECLINED
    with transaction.atomic():
        pending = SupervisorConfirmation.objects.filter(pk=confirmation.pk, status=C.PENDING)
        if by is None:  # links expire; a signed-in supervisor can answer any time
            pending = pending.filter(expires_at__gt=now)
        if not pending.update(
            status=status, decided_at=now, decided_by=by, comment=comment if decision == DECLINE else ""
        ):
            raise _link_refusal(SupervisorConfirmation.objects.filter(pk=confirmation.pk).first(), now) or LinkError(
                _("Thank you: these hours have already been answered."), code="used"
            )
        change_record(
            confirmation,
            changes={
                "status": (C.PENDING, status),
                "decided_at": (confirmation.decided_at, now),
                "decided_by": (confirmation.decided_by_id, by),
                "comment": (confirmation.comment, comment if decision == DECLINE else ""),
            },
            by=by,
        )
        entry = confirmation.entry
        moved = HourEntry.objects.filter(pk=entry.pk, status=S.SUBMITTED).update(
            status=S.APPROVED if decision == CONFIRM else S.RETURNED, reviewed_by=by, reviewed_at=now
        )
        if not moved:  # the entry changed under the link: the answer does not count
            raise PracticumError(_("These hours were changed a moment ago."), code="stale")
        change_record(
            entry,
            changes={
                "status": (S.SUBMITTED, S.APPROVED if decision == CONFIRM else S.RETURNED),
                "reviewed_by": (entry.reviewed_by_id, by),
                "reviewed_at": (entry.reviewed_at, now),
            },
            by=by,
        )
        if decision == DECLINE:
            notification_queue(
                kind="practicum_news",
                key=f"practicum-news:{confirmation.pk}",
                recipient=entry.participant.user,
                context={"path": reverse("practicum:mine")},
            )
    confirmation.status, confirmation.decided_at, confirmation.decided_by = status, now, by
    confirmation.comment = comment if decision == DECLINE else ""
    return confirmation
