"""The staff reminder on a pause's return date: "a participant's pause reaches its return
date — sign in to see it" (no name, no plan). Once per pause and return date, so moving
the date brings a new reminder on the new day."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import active_program_staff
from cohorts.pauses.selectors import pauses_due_back
from cpse.notify.reminders import Reminder, register
from cpse.notify.services import Message, notification_queue_many

PAUSE_RETURN_KIND = "program_pause_return"


def pause_return_remind(*, now: datetime.datetime | None = None) -> int:
    today = timezone.localdate(now or timezone.now())
    due = list(pauses_due_back(today).values_list("pk", "return_on"))
    if not due:
        return 0
    staff = list(active_program_staff())
    path = f"{reverse('readiness:staff_list')}?show=pauses"
    return notification_queue_many(
        Message(
            kind=PAUSE_RETURN_KIND,
            key=f"pause-return:{pause_id}:{return_on.isoformat()}:{member.pk}",
            recipient=member,
            context={"path": path},
        )
        for pause_id, return_on in due
        for member in staff
    )


def register_reminders() -> None:
    register(
        Reminder(
            name="program_pause_return",
            send=lambda now: pause_return_remind(now=now),
            description=_("On a program pause's return date, to program staff, to end or extend it."),
        )
    )
