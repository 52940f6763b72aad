"""Reads for the participant's check-in pages: their check-ins with where each
stands (`schedule.checkin_status`, as every page says it), and one of their own (anyone
else's is None, so a 404)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkins.models import CheckIn
from checkins.placement.selectors import checkin_schedule
from checkins.schedule import CheckInRow, CheckInStatus, checkin_rows
from cohorts.models import Participant


@dataclass(frozen=True)
class MyCheckIns:
    rows: list[CheckInRow]
    done: int

    @property
    def total(self) -> int:
        """The check-ins of the year, as the schedule wrote them."""
        return len(self.rows)

    @property
    def has_missed(self) -> bool:
        return any(row.status == CheckInStatus.MISSED for row in self.rows)


def my_checkins(participant: Participant, *, today: datetime.date | None = None) -> MyCheckIns:
    """The person's check-ins in order, answers not loaded (the list does not show them);
    those waiting on a pause of the placement year say so."""
    today = today or timezone.localdate()
    rows = checkin_rows(checkin_schedule(participant), today=today)
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
