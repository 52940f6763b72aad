"""Check-in reminders, run by the program's one reminder schedule (cpse.notify.reminders).

For each check-in not yet submitted, the step it has reached decides what happens, once:

    due date                          "your monthly check-in is ready"      (checkin_due)
    CHECKIN_GRACE_DAYS late           a gentle reminder                     (checkin_missed)
    2 × CHECKIN_GRACE_DAYS late       a second gentle reminder              (checkin_missed)
    CHECKIN_MISSED_FOLLOW_UP_DAYS     a follow-up for staff: concern_open(reason=MISSED)

Only the step reached is acted on (a schedule that did not run for a while sends the
latest message, not every earlier one), and each message has a key per person,
check-in and step, so running the schedule twice sends nothing twice. Lateness counts
from the due date, or from the day the first placement was recorded when that is later.
Paused years, withdrawn people, submitted check-ins: nothing. The messages name no
agency and say nothing about wellbeing: "there is something for you; sign in".
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from checkins.concerns import concern_open
from checkins.models import Concern
from checkins.placement_selectors import checkins_to_remind
from cpse.notify.models import Notification
from cpse.notify.services import notification_queue

DUE, MISSED_1, MISSED_2, FOLLOW_UP = "due", "missed-1", "missed-2", "follow-up"


def _step(days_late: int) -> str:
    if days_late >= settings.CHECKIN_MISSED_FOLLOW_UP_DAYS:
        return FOLLOW_UP
    if days_late >= 2 * settings.CHECKIN_GRACE_DAYS:
        return MISSED_2
    if days_late >= settings.CHECKIN_GRACE_DAYS:
        return MISSED_1
    return DUE


def _key(checkin, step: str) -> str:
    return f"checkin-{step}:{checkin.participant_id}:{checkin.number}"


def checkin_reminders_send(now: datetime.datetime) -> int:
    """Queue what each late or due check-in has reached; returns how many messages and
    staff follow-ups it added. A fixed number of queries, plus one write per new message."""
    today = timezone.localdate(now)
    steps = []
    for checkin in checkins_to_remind(today):
        counted_from = max(checkin.due_on, timezone.localdate(checkin.recorded_at) if checkin.recorded_at else today)
        steps.append((checkin, _step((today - counted_from).days)))
    messages = [(checkin, step) for checkin, step in steps if step != FOLLOW_UP]
    sent_before = set(
        Notification.objects.filter(key__in=[_key(checkin, step) for checkin, step in messages]).values_list(
            "key", flat=True
        )
    )
    added = 0
    path = reverse("checkins:mine")
    for checkin, step in steps:
        if step == FOLLOW_UP:
            added += concern_open(checkin=checkin, reason=Concern.Reason.MISSED) is not None
            continue
        key = _key(checkin, step)
        if key in sent_before:
            continue
        notification = notification_queue(
            kind="checkin_due" if step == DUE else "checkin_missed",
            key=key,
            recipient=checkin.participant.user,
            context={"path": path, "second": step == MISSED_2},
        )
        added += notification.created_now
    return added
