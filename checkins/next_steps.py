"""A participant's check-ins on the page she lands on (`cohorts.next_steps`): the one
ready to fill in now, or missed and still welcome.

Rules chosen here:
- Where a check-in stands is `schedule.checkin_status` (through `checkin_schedule_rows`),
  as on /check-ins/ and /placement/, so the pages never disagree.
- One step: the earliest check-in she can open (ready or missed); when more than one is
  waiting, the step says how many and links to her check-ins. Nothing before a placement.
- One query, whatever the number of check-ins.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checkins.placement.selectors import checkin_schedule_rows
from checkins.schedule import CheckInStatus
from cohorts.models import Participant
from cohorts.next_steps import NextStep, Provider, Stage, register


def checkin_steps(*, user, participant: Participant, now: datetime.datetime) -> list[NextStep]:
    waiting = [row for row in checkin_schedule_rows(participant, today=timezone.localdate(now)) if row.can_open]
    if not waiting:
        return []
    if len(waiting) > 1:
        return [
            NextStep(
                "checkins_waiting",
                ngettext(
                    "%(count)s check-in is waiting for you. You can send it whenever you are ready.",
                    "%(count)s check-ins are waiting for you. You can send each one whenever you are ready.",
                    len(waiting),
                )
                % {"count": len(waiting)},
                (),
                reverse("checkins:mine"),
                _("My check-ins"),
            )
        ]
    row = waiting[0]
    values = {"number": row.checkin.number, "date": date_format(row.checkin.due_on)}
    if row.status == CheckInStatus.MISSED:
        message = _("Check-in %(number)s was due on %(date)s. It is still welcome whenever you are ready.") % values
    else:
        message = _("Check-in %(number)s is ready to fill in. It is due on %(date)s.") % values
    return [
        NextStep(
            "checkin_missed" if row.status == CheckInStatus.MISSED else "checkin_due",
            message,
            (),
            reverse("checkins:checkin", args=[row.checkin.public_id]),
            _("Open check-in %(number)s") % values,
        )
    ]


def register_next_steps() -> None:
    register(Provider(name="checkins", stage=Stage.TAKING_PART, order=10, steps=checkin_steps))
