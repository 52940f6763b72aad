"""Supervision: the contract between a participant and their supervisor (for the
practicum or the placement year) and the log of supervision sessions.

A contract is in force once both have agreed: the participant on their page, the
supervisor from the list of what waits for them (their daily email's private link,
checkins.supervisor_digest), through a one-time link emailed before that list existed
(only a hash of its token is stored; it expires and works once), or signed in, when an
account with the supervisor's email exists. Terms
agreed by either side are never changed in place: new terms are a new contract that
replaces the previous one (kept as history), and both agree again.

Sessions are logged by the participant against the agreed contract of a setting; their
reflections are for the participant and program staff only.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications.confirmers.rules import confirmation_refusal, email_key, own_address_refusal
from checkins.models import SupervisionContract, SupervisionSession, SupervisorListLink
from checkins.placement.selectors import placement_current
from checkins.supervisor_digest.services import supervisor_list_send_now
from cohorts.models import Participant
from cpse.audit.services import change_record
from cpse.errors import DomainError
from cpse.notify.services import notification_queue
from requirements_tracking.practicum.selectors import current_practicum

Setting = SupervisionContract.Setting
LINK_DAYS = 30
TERMS = ("frequency", "session_minutes", "expectations", "feedback_channels", "confidentiality", "raising_concerns")

# Starting words the participant can change; they say what a good supervision agreement covers.
DEFAULT_TERMS = {
    "frequency": SupervisionContract.Frequency.FORTNIGHTLY,
    "session_minutes": 60,
    "expectations": gettext_lazy(
        "We meet at the agreed rhythm and both come prepared. I bring questions and situations "
        "from my work; my supervisor listens, guides and helps me grow as a peer-support specialist."
    ),
    "feedback_channels": gettext_lazy(
        "Feedback is given in our sessions, kindly and specifically. Between sessions we use the "
        "way of contact we agree on, for anything that cannot wait."
    ),
    "confidentiality": gettext_lazy(
        "What we discuss stays between us, except where someone's safety is at risk or the law "
        "requires a report. I never share details that could identify the people I support."
    ),
    "raising_concerns": gettext_lazy(
        "Either of us can raise a concern in a session or in writing. If I cannot raise it with my "
        "supervisor, I contact the program team."
    ),
}


class SupervisionError(DomainError):
    code = "supervision_error"


class LinkError(SupervisionError):
    code = "invalid_link"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _supervisor_account(email: str) -> User | None:
    """An existing account with the supervisor's email lets them agree signed in as well."""
    return User.objects.filter(email__iexact=email, is_active=True).order_by("pk").first()


def _locked_current(participant: Participant, setting: str) -> SupervisionContract | None:
    """The current contract, with the participant's row locked first: two requests at once
    (a double submit) write one after the other, not two current contracts."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status == Participant.Status.WITHDRAWN:
        raise SupervisionError(_("Supervision can be recorded while you take part in the program."), code="not_active")
    return (
        SupervisionContract.objects.select_for_update()
        .filter(participant=participant, setting=setting, replaced_at__isnull=True)
        .first()
    )


def _check_setting(setting: str) -> None:
    if setting not in Setting.values:
        raise SupervisionError(_("Please choose the practicum or the placement year."), code="bad_setting")


def contract_initial(*, participant: Participant, setting: str) -> dict:
    """What the contract form starts with: the current contract's terms, or the supervisor
    named for the practicum / current placement and the default texts."""
    _check_setting(setting)
    current = SupervisionContract.objects.filter(
        participant=participant, setting=setting, replaced_at__isnull=True
    ).first()
    if current is not None:
        return {field: getattr(current, field) for field in ("supervisor_name", "supervisor_email", *TERMS)}
    where = current_practicum(participant) if setting == Setting.PRACTICUM else placement_current(participant)
    return {
        "supervisor_name": getattr(where, "supervisor_name", ""),
        "supervisor_email": getattr(where, "supervisor_email", ""),
        **{
            key: value if key in ("frequency", "session_minutes") else str(value)
            for key, value in DEFAULT_TERMS.items()
        },
    }


def supervision_contract_propose(
    *,
    participant: Participant,
    setting: str,
    supervisor_name: str,
    supervisor_email: str,
    frequency: str,
    session_minutes: int,
    expectations: str,
    feedback_channels: str,
    confidentiality: str,
    raising_concerns: str,
    agree: bool = False,
) -> SupervisionContract:
    """The participant writes the terms. A draft nobody has agreed to yet is changed in
    place; otherwise the new terms replace the current contract (kept as history) and
    both agree again. With `agree`, the participant agrees at once and the supervisor is
    sent their link."""
    _check_setting(setting)
    values = {
        "supervisor_name": supervisor_name.strip(),
        "supervisor_email": supervisor_email.strip(),
        "supervisor_email_key": email_key(supervisor_email),
        "frequency": frequency,
        "session_minutes": session_minutes,
        "expectations": expectations.strip(),
        "feedback_channels": feedback_channels.strip(),
        "confidentiality": confidentiality.strip(),
        "raising_concerns": raising_concerns.strip(),
    }
    if not (values["supervisor_name"] and values["supervisor_email"]):
        raise SupervisionError(_("Please name your supervisor and their email."), code="supervisor_required")
    if frequency not in SupervisionContract.Frequency.values:
        raise SupervisionError(_("Please choose how often you meet."), code="frequency_required")
    if not all(values[field] for field in TERMS[2:]):
        raise SupervisionError(_("Please fill in each part of the contract."), code="terms_required")
    refusal = own_address_refusal(email=values["supervisor_email"], subject=participant.user)
    if refusal is not None:
        raise SupervisionError(refusal, code="self_confirmation")
    now = timezone.now()
    with transaction.atomic():
        current = _locked_current(participant, setting)
        links = {
            "practicum": current_practicum(participant) if setting == Setting.PRACTICUM else None,
            "placement": placement_current(participant) if setting == Setting.PLACEMENT else None,
            "supervisor_user": _supervisor_account(values["supervisor_email"]),
        }
        if current is not None and current.participant_agreed_at is None and current.supervisor_agreed_at is None:
            for field, value in {**values, **links}.items():
                setattr(current, field, value)
            current.save()
            contract = current
        else:
            if current is not None:
                SupervisionContract.objects.filter(pk=current.pk).update(
                    replaced_at=now, supervisor_token_hash="", supervisor_token_expires_at=None
                )
                change_record(current, changes={"replaced_at": (current.replaced_at, now)})
            contract = SupervisionContract.objects.create(participant=participant, setting=setting, **values, **links)
        if agree:
            supervision_contract_agree(contract=contract, participant=participant)
    return contract


def supervision_contract_agree(*, contract: SupervisionContract, participant: Participant) -> SupervisionContract:
    """The participant agrees to the terms; the contract now waits for the supervisor."""
    if contract.participant_id != participant.pk:
        raise SupervisionError(_("This contract is not yours."), code="not_yours")
    now = timezone.now()
    with transaction.atomic():
        agreed = SupervisionContract.objects.filter(
            pk=contract.pk, replaced_at__isnull=True, participant_agreed_at__isnull=True
        ).update(participant_agreed_at=now)
        if not agreed:
            raise SupervisionError(_("You have already agreed to this contract."), code="already_agreed")
        change_record(contract, changes={"participant_agreed_at": (None, now)}, by=participant.user)
        contract.participant_agreed_at = now
        supervisor_link_send(contract=contract)
    return contract


def supervisor_link_send(*, contract: SupervisionContract) -> str:
    """Open (again) the supervisor's window to agree, for LINK_DAYS: the contract waits in
    their list (their daily email, checkins.supervisor_digest) until it closes. A fresh
    one-time link replaces an earlier one, which stops working; it is no longer emailed
    on its own (links already sent keep working). Returns the raw token, never stored."""
    if contract.replaced_at is not None or contract.participant_agreed_at is None:
        raise SupervisionError(_("This contract is not waiting for your supervisor."), code="not_waiting")
    if contract.supervisor_agreed_at is not None:
        raise SupervisionError(_("Your supervisor has already agreed to this contract."), code="already_agreed")
    token = secrets.token_urlsafe(32)
    token_hash = _hash(token)
    expires = timezone.now() + datetime.timedelta(days=LINK_DAYS)
    with transaction.atomic():
        SupervisionContract.objects.filter(pk=contract.pk).update(
            supervisor_token_hash=token_hash, supervisor_token_expires_at=expires
        )
        contract.supervisor_token_hash, contract.supervisor_token_expires_at = token_hash, expires
    return token


def supervisor_link_resend(*, contract: SupervisionContract, participant: Participant | None = None) -> str:
    """A new link when the email was lost or the link expired (the participant's own, or
    staff's: without `participant`, refusals are worded for staff, not "your supervisor"):
    the window to agree opens again and the supervisor's list is emailed at once."""
    if participant is not None and contract.participant_id != participant.pk:
        raise SupervisionError(_("This contract is not yours."), code="not_yours")
    try:
        with transaction.atomic():
            contract = SupervisionContract.objects.select_for_update().get(pk=contract.pk)
            token = supervisor_link_send(contract=contract)
            supervisor_list_send_now(
                email=contract.supervisor_email, reason=f"contract:{contract.pk}:{contract.supervisor_token_hash[:16]}"
            )
            return token
    except SupervisionError as error:
        if participant is not None or error.code not in ("already_agreed", "not_waiting"):
            raise
        for_staff = {
            "already_agreed": _("The supervisor has already agreed to this contract, so no new link is needed."),
            "not_waiting": _(
                "This contract is not waiting for the supervisor: the participant has not agreed to it yet, "
                "or a newer contract replaced it."
            ),
        }
        raise SupervisionError(for_staff[error.code], code=error.code) from error


def _link_closed() -> LinkError:
    # One calm answer for made-up, used, replaced and expired links: a link never tells
    # whether a contract exists.
    return LinkError(_("This link is not available any more. If you still need to agree, please ask for a new link."))


def contract_for_token(token: str) -> SupervisionContract:
    """The contract a supervisor's link is for, while the link works."""
    contract = (
        SupervisionContract.objects.select_related("participant__user")
        .filter(
            supervisor_token_hash=_hash(token),
            replaced_at__isnull=True,
            supervisor_agreed_at__isnull=True,
            supervisor_token_expires_at__gt=timezone.now(),
        )
        .first()
        if token
        else None
    )
    if contract is None:
        raise _link_closed()
    _check_supervisor(contract, by=None)
    return contract


def _check_supervisor(contract: SupervisionContract, *, by: User | None) -> None:
    """Nobody agrees to their own contract as its supervisor, nor does anyone in the
    program (applications.confirmers.rules)."""
    refusal = confirmation_refusal(email=contract.supervisor_email, subject=contract.participant.user, by=by)
    if refusal is not None:
        raise LinkError(refusal, code="not_independent")


def supervision_contract_supervisor_agree(
    *,
    contract: SupervisionContract,
    token: str = "",
    by: User | None = None,
    list_link: SupervisorListLink | None = None,
) -> SupervisionContract:
    """The supervisor agrees, once: through the contract's own link (`token`), from the
    list their daily email links to (`list_link`: it stands for the mailbox the contract
    names, while the contract's window is open), or signed in (`by`, the account with
    their email). The link stops working."""
    now = timezone.now()
    waiting = SupervisionContract.objects.filter(
        pk=contract.pk, replaced_at__isnull=True, supervisor_agreed_at__isnull=True, participant_agreed_at__isnull=False
    )
    if by is not None:
        if contract.supervisor_user_id != by.pk:
            raise SupervisionError(_("Only the named supervisor can agree."), code="not_supervisor")
    elif list_link is not None:
        if list_link.email_key != contract.supervisor_email_key or list_link.expires_at <= now:
            raise _link_closed()
        waiting = waiting.filter(supervisor_token_expires_at__gt=now)
    else:
        waiting = waiting.filter(supervisor_token_hash=_hash(token), supervisor_token_expires_at__gt=now)
    _check_supervisor(contract, by=by)
    with transaction.atomic():
        if not waiting.update(supervisor_agreed_at=now, supervisor_token_hash="", supervisor_token_expires_at=None):
            raise _link_closed()
        change_record(contract, changes={"supervisor_agreed_at": (None, now)}, by=by)
        notification_queue(
            kind="supervision_news",
            key=f"supervision-agreed:{contract.pk}",
            recipient=contract.participant.user,
            context={"path": reverse("supervision:mine")},
        )
    contract.supervisor_agreed_at = now
    contract.supervisor_token_hash, contract.supervisor_token_expires_at = "", None
    return contract


# --- Sessions ----------------------------------------------------------------------------


def not_agreed_message() -> str:
    return _(
        "Sessions can be logged once your supervision contract is agreed by you and your supervisor. "
        "Please agree to it first, or ask your supervisor to open their link."
    )


def _check_session(*, contract: SupervisionContract | None, held_on, minutes, topics, today) -> None:
    if contract is None or not contract.agreed:
        raise SupervisionError(not_agreed_message(), code="not_agreed")
    if held_on > today:
        raise SupervisionError(_("The date cannot be in the future."), code="future")
    if held_on < timezone.localdate(contract.created_at):
        raise SupervisionError(
            _("The date is before this supervision contract was written. Please check the date."), code="too_early"
        )
    if not 5 <= minutes <= 480:
        raise SupervisionError(_("Please enter between 5 and 480 minutes."), code="bad_minutes")
    if not topics or not set(topics) <= set(SupervisionSession.Topic.values):
        raise SupervisionError(_("Please choose at least one topic."), code="topics_required")


def supervision_session_log(
    *,
    participant: Participant,
    setting: str,
    held_on: datetime.date,
    minutes: int,
    topics: list[str],
    reflection: str,
    by: User,
    today: datetime.date | None = None,
) -> SupervisionSession:
    """A session under the agreed contract of `setting`; refused while it is not agreed."""
    _check_setting(setting)
    today = today or timezone.localdate()
    with transaction.atomic():
        contract = _locked_current(participant, setting)
        _check_session(contract=contract, held_on=held_on, minutes=minutes, topics=topics, today=today)
        return SupervisionSession.objects.create(
            contract=contract,
            held_on=held_on,
            minutes=minutes,
            topics=sorted(set(topics)),
            reflection=reflection.strip(),
            logged_by=by,
        )


def supervision_session_update(
    *,
    session: SupervisionSession,
    participant: Participant,
    held_on: datetime.date,
    minutes: int,
    topics: list[str],
    reflection: str,
    today: datetime.date | None = None,
) -> SupervisionSession:
    """The participant corrects a session of theirs (its contract stays the one it was logged under)."""
    if session.contract.participant_id != participant.pk:
        raise SupervisionError(_("This session is not yours."), code="not_yours")
    today = today or timezone.localdate()
    _check_session(contract=session.contract, held_on=held_on, minutes=minutes, topics=topics, today=today)
    session.held_on, session.minutes, session.topics = held_on, minutes, sorted(set(topics))
    session.reflection = reflection.strip()
    session.save(update_fields=["held_on", "minutes", "topics", "reflection"])
    return session


def supervision_session_delete(*, session: SupervisionSession, participant: Participant) -> None:
    if session.contract.participant_id != participant.pk:
        raise SupervisionError(_("This session is not yours."), code="not_yours")
    session.delete()
