"""Reads for the participant's check-in pages: their twelve check-ins with where each
stands, and one of their own (anyone else's is None, so a 404)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkins.models import CHECKINS_IN_PLACEMENT_YEAR, CheckIn
from checkins.monthly.services import ANSWER_FIELDS, OPENS_DAYS_BEFORE
from checkins.schedule import paused_q
from cohorts.models import Participant


class CheckInStatus(models.TextChoices):
    DONE = "done", _("Done")
    DUE = "due", _("Due now")
    UPCOMING = "upcoming", _("Coming up")
    MISSED = "missed", _("Missed")
    PAUSED = "paused", _("Waiting (paused)")


def missed_before(today: datetime.date) -> datetime.date:
    """A check-in due before this day and not sent is missed (it can still be sent): the
    grace period after which the participant is gently reminded (checkins.reminders)."""
    return today - datetime.timedelta(days=settings.CHECKIN_GRACE_DAYS)


def checkin_status(checkin: CheckIn, *, today: datetime.date, paused: bool = False) -> str:
    if checkin.submitted_at is not None:
        return CheckInStatus.DONE
    if paused:
        return CheckInStatus.PAUSED
    if today < checkin.due_on - datetime.timedelta(days=OPENS_DAYS_BEFORE):
        return CheckInStatus.UPCOMING
    if checkin.due_on < missed_before(today):
        return CheckInStatus.MISSED
    return CheckInStatus.DUE


@dataclass(frozen=True)
class CheckInRow:
    checkin: CheckIn
    status: str

    @property
    def status_label(self) -> str:
        return CheckInStatus(self.status).label

    @property
    def can_open(self) -> bool:
        return self.status in (CheckInStatus.DUE, CheckInStatus.MISSED)


@dataclass(frozen=True)
class MyCheckIns:
    rows: list[CheckInRow]
    done: int
    total: int = CHECKINS_IN_PLACEMENT_YEAR

    @property
    def has_missed(self) -> bool:
        return any(row.status == CheckInStatus.MISSED for row in self.rows)


def my_checkins(participant: Participant, *, today: datetime.date | None = None) -> MyCheckIns:
    """The person's check-ins in order, answers not loaded (the list does not show them);
    those waiting on a pause of the placement year say so."""
    today = today or timezone.localdate()
    checkins = (
        CheckIn.objects.filter(participant=participant)
        .defer(*ANSWER_FIELDS)
        .annotate(paused=paused_q())
        .order_by("number")
    )
    rows = [
        CheckInRow(checkin=checkin, status=checkin_status(checkin, today=today, paused=checkin.paused))
        for checkin in checkins
    ]
    return MyCheckIns(rows=rows, done=sum(1 for row in rows if row.status == CheckInStatus.DONE))


def checkin_for_owner(*, user, public_id) -> CheckIn | None:
    """One of the signed-in person's own check-ins; None for anybody else's or an unknown id."""
    if not user.is_authenticated:
        return None
    return (
        CheckIn.objects.filter(public_id=public_id, participant__user=user).select_related("participant__user").first()
    )


@dataclass(frozen=True)
class Answer:
    label: str
    text: str


def _choice_label(choices, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


def checkin_answers(checkin: CheckIn) -> list[Answer]:
    """The answers as a person reads them (wellbeing and choices in words)."""
    field = CheckIn._meta.get_field
    wellbeing = int(checkin.wellbeing) if checkin.wellbeing.isdigit() else checkin.wellbeing
    answers = [
        Answer(field("work_going").verbose_name, checkin.work_going),
        Answer(field("wellbeing").verbose_name, _choice_label(CheckIn.Wellbeing, wellbeing)),
        Answer(field("boundaries").verbose_name, checkin.boundaries),
        Answer(field("supervision").verbose_name, _choice_label(CheckIn.Supervision, checkin.supervision)),
        Answer(field("support_wanted").verbose_name, checkin.support_wanted),
        Answer(field("wants_contact").verbose_name, str(_("Yes") if checkin.wants_contact else _("No"))),
    ]
    if checkin.wants_contact:
        answers += [
            Answer(field("contact_way").verbose_name, _choice_label(CheckIn.ContactWay, checkin.contact_way)),
            Answer(field("contact_note").verbose_name, checkin.contact_note),
        ]
    return answers
