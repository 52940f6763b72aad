"""Pausing a participant's program (for instance after a readiness assessment recommends
more preparation): the participant goes on leave with a plan and a return date, and
comes back when staff end the pause. Progress is kept as it is; the expected pace moves
later by the time paused (`cohorts.pauses.selectors.paused_days`)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Participant, ProgramPause
from cohorts.services import ParticipantStatusError, participant_leave, participant_return
from cpse.audit.services import redact_change_history
from cpse.errors import DomainError

PLAN_MAX_LENGTH = 5000
# A pause is a step back to prepare, not an open-ended exit: a year at most at a time.
LONGEST_PAUSE_DAYS = 366


class PauseError(DomainError):
    code = "pause_error"


def _check_plan(plan: str) -> str:
    plan = (plan or "").strip()
    if not plan:
        raise PauseError(_("Please write the plan agreed with the participant."), code="plan_missing")
    if len(plan) > PLAN_MAX_LENGTH:
        raise PauseError(
            _("Please keep the plan under %(max)s characters.") % {"max": PLAN_MAX_LENGTH}, code="plan_too_long"
        )
    return plan


def _check_return(return_on: datetime.date | None, *, started_on: datetime.date, today: datetime.date) -> None:
    if return_on is None:
        raise PauseError(_("Please give a return date."), code="return_missing")
    if return_on <= today:
        raise PauseError(_("The return date must be after today."), code="return_in_past")
    if (return_on - started_on).days > LONGEST_PAUSE_DAYS:
        raise PauseError(
            _("A pause can last a year at most; please choose a date before %(date)s.")
            % {"date": date_format(started_on + datetime.timedelta(days=LONGEST_PAUSE_DAYS))},
            code="return_too_far",
        )


def program_pause_start(
    *, participant: Participant, plan: str, return_on: datetime.date | None, by, today: datetime.date | None = None
) -> ProgramPause:
    """Pause an enrolled participant's program from today until `return_on`: they go on
    leave (their hours, exam and everything else stay as they are)."""
    today = today or timezone.localdate()
    plan = _check_plan(plan)
    _check_return(return_on, started_on=today, today=today)
    try:
        with transaction.atomic():
            participant_leave(participant=participant, by=by, reason=_("Program paused with a plan"))
            return ProgramPause.objects.create(
                participant=participant, plan=plan, started_on=today, return_on=return_on, started_by=by
            )
    except ParticipantStatusError as error:
        raise PauseError(str(error), code=error.code) from None
    except IntegrityError:
        # The one-open-pause constraint: a second click, or another staff member first.
        raise PauseError(_("This participant's program is already paused."), code="already_paused") from None


def _open_pause_locked(participant: Participant) -> ProgramPause:
    pause = ProgramPause.objects.select_for_update().filter(participant=participant, ended_on__isnull=True).first()
    if pause is None:
        raise PauseError(_("This participant's program is not paused."), code="not_paused")
    return pause


def program_pause_extend(
    *, participant: Participant, return_on: datetime.date | None, by, today: datetime.date | None = None
) -> ProgramPause:
    """Move the open pause's return date (later or earlier, but after today)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        pause = _open_pause_locked(participant)
        _check_return(return_on, started_on=pause.started_on, today=today)
        pause.return_on = return_on
        pause.save(update_fields=["return_on"])
    return pause


def program_pause_end(*, participant: Participant, by, today: datetime.date | None = None) -> ProgramPause:
    """End the open pause today (on its return date or earlier): the participant is
    enrolled again. (Bringing them back through their status ends the pause too.)"""
    today = today or timezone.localdate()
    with transaction.atomic():
        pause = _open_pause_locked(participant)
        try:
            participant_return(participant=participant, by=by, reason=_("Program pause ended"))
        except ParticipantStatusError as error:
            if error.code != "already":
                raise PauseError(str(error), code=error.code) from None
        pause.ended_on = max(today, pause.started_on)
        pause.ended_by = by
        pause.save(update_fields=["ended_on", "ended_by"])
    return pause


def export_pauses(user) -> list[dict]:
    return [
        {
            "cohort": str(pause.participant.cohort),
            "paused_from": pause.started_on,
            "return_date": pause.return_on,
            "ended": pause.ended_on,
            "plan": pause.plan,
        }
        for pause in ProgramPause.objects.filter(participant__user=user)
        .select_related("participant__cohort")
        .order_by("started_on", "pk")
    ]


def erase_pauses(user) -> None:
    pauses = ProgramPause.objects.filter(participant__user=user)
    pks = list(pauses.values_list("pk", flat=True))
    pauses.delete()
    redact_change_history(ProgramPause, pks)
    ProgramPause.objects.filter(started_by=user).update(started_by=None)
    ProgramPause.objects.filter(ended_by=user).update(ended_by=None)
