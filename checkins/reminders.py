"""Check-in reminders, run by the program's one reminder schedule (cpse.notify.reminders).

For each check-in not yet submitted, the step it has reached decides what happens, once:

    due date                          "your monthly check-in is ready"      (checkin_due)
    missed (CHECKIN_GRACE_DAYS late)  a gentle reminder                     (checkin_missed)
    2 × CHECKIN_GRACE_DAYS late       a second gentle reminder              (checkin_missed)
    CHECKIN_MISSED_FOLLOW_UP_DAYS     a follow-up for staff: concern_open(reason=MISSED)

"Missed" is `schedule.checkin_status`, as the pages show it: the first gentle reminder goes
out on the day the person's check-ins page starts saying "Missed".

Only the step reached is acted on (a schedule that did not run for a while sends the
latest message, not every earlier one), and each message has a key per person,
check-in and step, so running the schedule twice sends nothing twice. Lateness counts
from the due date, or from the day the first placement was recorded when that is later
(`schedule.counted_from`).
Paused years, withdrawn people, submitted check-ins: nothing. The messages name no
agency and say nothing about wellbeing: "there is something for you; sign in".
"""

import datetime

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from checkins.concerns import concern_open
from checkins.models import Concern
from checkins.placement.selectors import checkins_to_remind
from checkins.schedule import CheckInStatus, checkin_status, counted_from
from cpse.notify.services import Message, messages_keyed, notification_queue_many
from cpse.prepared import prepared_rows

DUE, MISSED_1, MISSED_2, FOLLOW_UP = "due", "missed-1", "missed-2", "follow-up"


def _step(checkin, today: datetime.date) -> str:
    """`checkin` from `checkins_to_remind` (not sent, not paused, due by `today`)."""
    recorded_on = timezone.localdate(checkin.recorded_at) if checkin.recorded_at else None
    if checkin_status(due_on=checkin.due_on, today=today, recorded_on=recorded_on) != CheckInStatus.MISSED:
        return DUE
    days_late = (today - counted_from(due_on=checkin.due_on, recorded_on=recorded_on)).days
    if days_late >= settings.CHECKIN_MISSED_FOLLOW_UP_DAYS:
        return FOLLOW_UP
    if days_late >= 2 * settings.CHECKIN_GRACE_DAYS:
        return MISSED_2
    return MISSED_1


def _key(checkin, step: str) -> str:
    return f"checkin-{step}:{checkin.participant_id}:{checkin.number}"


def _not_sent_already(checkins, today: datetime.date):
    """Leave out, in SQL, the check-ins whose message for the step they are at was queued
    already, so the usual run (every 15 minutes) reads no rows for them. A check-in whose
    message of step S exists has reached S (steps only move on), and one due less than the
    next step's days ago cannot have passed it: it is still at S, with nothing to send."""
    grace = settings.CHECKIN_GRACE_DAYS
    ends = {DUE: grace, MISSED_1: 2 * grace, MISSED_2: settings.CHECKIN_MISSED_FOLLOW_UP_DAYS}
    for step, days in ends.items():
        key = Concat(
            Value(f"checkin-{step}:"),
            Cast("participant_id", CharField()),
            Value(":"),
            Cast("number", CharField()),
            output_field=CharField(),
        )
        sent = messages_keyed(f"checkin-{step}:").filter(key=OuterRef(f"key_{step}"))
        checkins = checkins.annotate(**{f"key_{step}": key}).exclude(
            Q(due_on__gt=today - datetime.timedelta(days=days)) & Exists(sent)
        )
    return checkins


def checkin_reminders_send(now: datetime.datetime) -> int:
    """Queue what each late or due check-in has reached; returns how many messages and
    staff follow-ups it added. A fixed number of queries for the messages (written in
    bulk), plus the follow-ups, which are rare and each tell staff at once."""
    today = timezone.localdate(now)
    path = reverse("checkins:mine")
    messages, added = [], 0
    # What the steps, keys and messages read: fewer columns to read every run. Built and
    # compiled once a day per process (`cpse.prepared`): the usual run reads no row.
    grace, follow_up = settings.CHECKIN_GRACE_DAYS, settings.CHECKIN_MISSED_FOLLOW_UP_DAYS
    checkins = prepared_rows(
        ("reminders.checkins", today, grace, follow_up),
        lambda: _not_sent_already(
            checkins_to_remind(today).only("participant__user__preferred_language", "number", "due_on"), today
        ),
    )
    for checkin in checkins:
        step = _step(checkin, today)
        if step == FOLLOW_UP:
            added += concern_open(checkin=checkin, reason=Concern.Reason.MISSED) is not None
            continue
        messages.append(
            Message(
                kind="checkin_due" if step == DUE else "checkin_missed",
                key=_key(checkin, step),
                recipient=checkin.participant.user,
                context={"path": path, "second": step == MISSED_2},
            )
        )
    return added + notification_queue_many(messages)
