"""The monthly check-in: the participant saves answers as they go and submits once; on
submit, answers that signal risk open a concern for staff in the same transaction.
Staff mark a check-in reviewed, follow concerns up, close (and reopen) them, and keep the
list of words to look out for.

Answers are never logged or put in a message: the notification about a concern only says
that a check-in needs attention (`concerns.concern_open`), and error reports show none of
the functions' variables that could hold them (`sensitive_variables`).
"""

import datetime
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from checkins.concerns import concern_open
from checkins.models import CheckIn, Concern, ConcernFollowUp, ConcernKeyword
from checkins.placement.selectors import placement_current
from checkins.schedule import opens_on, paused_q
from cpse.errors import DomainError

# Wellbeing at or below this opens a concern ("Hard" or "Very hard").
LOW_WELLBEING_AT_MOST = 2
ANSWER_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 4000
KEYWORD_MAX_LENGTH = ConcernKeyword._meta.get_field("phrase").max_length
TEXT_ANSWERS = ("work_going", "boundaries", "support_wanted", "contact_note")
ANSWER_FIELDS = ("work_going", "wellbeing", "boundaries", "supervision", "support_wanted", "wants_contact") + (
    "contact_way",
    "contact_note",
)


class CheckInError(DomainError):
    code = "checkin_error"


def checkin_is_open(checkin: CheckIn, *, today: datetime.date | None = None) -> bool:
    """Open for answers from the day it opens (`schedule.opens_on`) until it is submitted (a
    late check-in can still be filed)."""
    today = today or timezone.localdate()
    return checkin.submitted_at is None and today >= opens_on(checkin.due_on)


@sensitive_variables()
def _clean_answers(answers: dict, *, finishing: bool) -> dict:
    """The answers as stored (strings; wellbeing "1"–"5"); refuses what no form can send."""
    cleaned = {}
    for name in TEXT_ANSWERS:
        value = (answers.get(name) or "").strip()
        if len(value) > ANSWER_MAX_LENGTH:
            raise CheckInError(
                _("Please keep each answer to %(n)d characters or fewer.") % {"n": ANSWER_MAX_LENGTH}, code=name
            )
        cleaned[name] = value
    wellbeing = answers.get("wellbeing")
    if wellbeing in (None, ""):
        if finishing:
            raise CheckInError(_("Please choose how you are doing overall."), code="wellbeing")
        cleaned["wellbeing"] = ""
    else:
        try:
            number = int(wellbeing)
        except (TypeError, ValueError):
            number = 0
        if number not in CheckIn.Wellbeing.values:
            raise CheckInError(_("Please choose one of the five answers."), code="wellbeing")
        cleaned["wellbeing"] = str(number)
    supervision = answers.get("supervision") or ""
    if supervision and supervision not in CheckIn.Supervision.values:
        raise CheckInError(_("Please choose one of the answers."), code="supervision")
    cleaned["supervision"] = supervision
    cleaned["wants_contact"] = bool(answers.get("wants_contact"))
    contact_way = answers.get("contact_way") or ""
    if contact_way and contact_way not in CheckIn.ContactWay.values:
        raise CheckInError(_("Please choose one of the ways to contact you."), code="contact_way")
    if finishing and cleaned["wants_contact"] and not contact_way:
        raise CheckInError(_("Please tell us how it is safe to contact you."), code="contact_way")
    cleaned["contact_way"] = contact_way
    if finishing and not cleaned["wants_contact"]:
        # Not asked to be contacted: the way and note (prefilled from the profile) are not kept.
        cleaned["contact_way"] = cleaned["contact_note"] = ""
    return cleaned


def _check_owner(checkin: CheckIn, by) -> None:
    if checkin.participant.user_id != by.pk:
        raise CheckInError(_("This check-in is not yours."), code="not_yours")


def _check_open(checkin: CheckIn, today: datetime.date) -> None:
    if checkin.submitted_at is not None:
        raise CheckInError(
            _("This check-in is already sent, so its answers can no longer change. Thank you."),
            code="already_submitted",
        )
    if today < opens_on(checkin.due_on):
        raise CheckInError(
            _("This check-in opens on %(date)s.") % {"date": date_format(opens_on(checkin.due_on), "DATE_FORMAT")},
            code="not_open_yet",
        )


def checkin_is_paused(checkin: CheckIn) -> bool:
    """Waiting on an open pause of the placement year (schedule.paused_q)."""
    return CheckIn.objects.filter(pk=checkin.pk).filter(paused_q()).exists()


def paused_message() -> str:
    return _("Your check-ins are paused. The program team will let you know when they start again.")


@sensitive_variables()
def _answers_set(*, checkin: CheckIn, answers: dict, by, today: datetime.date, finishing: bool, now):
    """The check-in, locked, with the cleaned answers set on it; and the fields to save.
    Called inside the caller's transaction (the lock holds until it commits)."""
    _check_owner(checkin, by)
    _check_open(checkin, today)
    locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    _check_open(locked, today)
    # Under the lock, and before the answers: a pause may have begun since the page opened,
    # and then its calm message is the answer, not a field's error.
    if checkin_is_paused(locked):
        raise CheckInError(paused_message(), code="paused")
    cleaned = _clean_answers(answers, finishing=finishing)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.started_at = locked.started_at or now
    return locked, [*cleaned, "started_at"]


@sensitive_variables()
def checkin_save(*, checkin: CheckIn, answers: dict, by, today: datetime.date | None = None) -> CheckIn:
    """Keep what the person has answered so far (as they type, or "finish later")."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked, fields = _answers_set(
            checkin=checkin, answers=answers, by=by, today=today, finishing=False, now=timezone.now()
        )
        locked.save(update_fields=fields)
    for name in fields:
        setattr(checkin, name, getattr(locked, name))
    return checkin


@sensitive_variables()
def _fold(text: str) -> str:
    """Lower case without accents: "Daño" and "dano" read the same (phones often drop accents)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _phrase_pattern(phrase: str) -> re.Pattern:
    words = [re.escape(word) for word in _fold(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


@sensitive_variables()
def keywords_found(text: str, phrases) -> list[str]:
    """The phrases found in `text` as whole words, ignoring case and accents."""
    folded = _fold(text)
    return [phrase for phrase in phrases if phrase.strip() and _phrase_pattern(phrase).search(folded)]


@sensitive_variables()
def concern_reasons(checkin: CheckIn) -> list[str]:
    """Why a submitted check-in needs staff's attention (none, one or several)."""
    reasons = []
    if checkin.wellbeing and int(checkin.wellbeing) <= LOW_WELLBEING_AT_MOST:
        reasons.append(Concern.Reason.LOW_WELLBEING)
    if checkin.wants_contact:
        reasons.append(Concern.Reason.ASKED_FOR_CONTACT)
    text = "\n".join(getattr(checkin, name) for name in TEXT_ANSWERS)
    phrases = ConcernKeyword.objects.filter(active=True).values_list("phrase", flat=True)
    if text.strip() and keywords_found(text, phrases):
        reasons.append(Concern.Reason.KEYWORD)
    return reasons


@sensitive_variables()
def checkin_submit(*, checkin: CheckIn, answers: dict, by, today: datetime.date | None = None) -> list[Concern]:
    """Send the check-in (once: a second submit is refused with code "already_submitted").
    Answers that signal risk open concerns in the same transaction; returns them."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        locked, fields = _answers_set(checkin=checkin, answers=answers, by=by, today=today, finishing=True, now=now)
        locked.submitted_at = now
        locked.placement = placement_current(locked.participant)
        locked.save(update_fields=[*fields, "submitted_at", "placement"])
        concerns = [concern_open(checkin=locked, reason=reason) for reason in concern_reasons(locked)]
    checkin.submitted_at = locked.submitted_at
    return [concern for concern in concerns if concern is not None]


# --- Staff ---------------------------------------------------------------------------------


def checkin_mark_reviewed(*, checkin: CheckIn, by) -> bool:
    """Staff have read a submitted check-in. Returns False if it was already marked."""
    if checkin.submitted_at is None:
        raise CheckInError(_("This check-in has not been sent yet."), code="not_submitted")
    with transaction.atomic():
        locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
        if locked.reviewed_at is not None:
            return False
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.save(update_fields=["reviewed_by", "reviewed_at"])  # saved, not updated: the audit log sees it
    checkin.reviewed_by, checkin.reviewed_at = locked.reviewed_by, locked.reviewed_at
    return True


@sensitive_variables()
def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise CheckInError(_("Please write what was done."), code="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise CheckInError(
            _("Please keep the note to %(n)d characters or fewer.") % {"n": NOTE_MAX_LENGTH}, code="note"
        )
    return note


@sensitive_variables()
def concern_follow_up_add(*, concern: Concern, note: str, by) -> ConcernFollowUp:
    return ConcernFollowUp.objects.create(concern=concern, author=by, note=_note(note))


def _concern_change(*, concern: Concern, note: str, by, status: str, refusal: CheckInError) -> Concern:
    """Close or reopen under a row lock (a double click changes it once), with the note as
    a follow-up; saved rather than updated, so the audit log records who and when."""
    note = _note(note)
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.status == status:
            raise refusal
        closing = status == Concern.Status.CLOSED
        locked.status = status
        locked.closed_at = timezone.now() if closing else None
        locked.closed_by = by if closing else None
        locked.save(update_fields=["status", "closed_at", "closed_by"])
        ConcernFollowUp.objects.create(concern=locked, author=by, note=note)
    concern.status, concern.closed_at, concern.closed_by = locked.status, locked.closed_at, locked.closed_by
    return concern


@sensitive_variables()
def concern_close(*, concern: Concern, note: str, by) -> Concern:
    """Close an open concern with a closing note (who and when are kept)."""
    refusal = CheckInError(_("This concern is already closed."), code="already_closed")
    return _concern_change(concern=concern, note=note, by=by, status=Concern.Status.CLOSED, refusal=refusal)


@sensitive_variables()
def concern_reopen(*, concern: Concern, note: str, by) -> Concern:
    """Open a closed concern again, saying why (the note keeps who and when)."""
    refusal = CheckInError(_("This concern is already open."), code="already_open")
    return _concern_change(concern=concern, note=note, by=by, status=Concern.Status.OPEN, refusal=refusal)


def concern_keyword_add(*, phrase: str, by) -> ConcernKeyword:
    """A new word or phrase to look out for (whitespace tidied; unique ignoring case)."""
    phrase = " ".join((phrase or "").split())
    if not phrase:
        raise CheckInError(_("Please type a word or phrase."), code="phrase")
    if len(phrase) > KEYWORD_MAX_LENGTH:
        raise CheckInError(_("Please keep it to %(n)d characters or fewer.") % {"n": KEYWORD_MAX_LENGTH}, code="phrase")
    duplicate = _("This word or phrase is already on the list.")
    if ConcernKeyword.objects.annotate(lower=Lower("phrase")).filter(lower=phrase.lower()).exists():
        raise CheckInError(duplicate, code="phrase")
    try:
        with transaction.atomic():
            return ConcernKeyword.objects.create(phrase=phrase, added_by=by)
    except IntegrityError:
        raise CheckInError(duplicate, code="phrase") from None


def concern_keyword_set_active(*, keyword: ConcernKeyword, active: bool, by) -> ConcernKeyword:
    """Stop or start looking for a word (the audit log keeps who changed it)."""
    keyword.active = active
    keyword.save(update_fields=["active"])
    return keyword
