"""Evaluation survey reminders, run by the program's one reminder schedule
(cpse.notify.reminders): start the surveys that are due, then tell each person gently,
once when a survey opens and once more SURVEY_REMINDER_DAYS later at most. Nothing after
they answer or say "no thanks", nothing for withdrawn people or people on leave. The
messages name no survey topic: "a short survey is open; it is voluntary and anonymous".
A fixed number of queries however many people; keys per invitation and step, so running
the schedule twice sends nothing twice."""

import datetime

from django.conf import settings
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from checkins.models import SurveyInvitation
from checkins.placement.selectors import REMINDED
from checkins.surveys.services import survey_invitations_create
from cpse.dates import day_span
from cpse.notify.services import Message, messages_keyed, notification_queue_many, person_language, without_message
from cpse.prepared import prepared_rows

OPEN, REMINDER = "survey-open:", "survey-reminder:"


def _waiting(today: datetime.date):
    return SurveyInvitation.objects.filter(
        answered=False, declined=False, opens_on__lte=today, participant__status__in=REMINDED
    )


def _not_told(invitations, prefix: str, *more):
    return without_message(invitations, prefix, F("pk")).values_list(
        "message_key", "participant__user_id", person_language("participant__user_id"), *more
    )


def _opened_before(today: datetime.date, until: datetime.datetime):
    """The invitations waiting today not yet reminded whose first message went before
    `until`, with when it went (`opened_at`)."""
    opened_at = messages_keyed(OPEN).filter(key=OuterRef("open_key")).values("created_at")[:1]
    invitations = (
        _waiting(today)
        .annotate(open_key=Concat(Value(OPEN), Cast("pk", CharField()), output_field=CharField()))
        .annotate(opened_at=Subquery(opened_at))
        .filter(opened_at__lt=until)
    )
    return _not_told(invitations, REMINDER, "opened_at")


def survey_reminders_send(now: datetime.datetime) -> int:
    today = timezone.localdate(now)
    survey_invitations_create(today)
    # Both reads built and compiled once a day per process (`cpse.prepared`): the usual run
    # reads no row.
    opening = prepared_rows(("reminders.survey_open", today), lambda: _not_told(_waiting(today), OPEN))
    # The reminder goes a week after the first message, however late that one went: the
    # read takes those whose first message went a week before today ended, and the moment
    # is checked here.
    wait = datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS)
    until = day_span(today)[1] - wait
    reminding = [
        (key, user_id, language)
        for key, user_id, language, opened_at in prepared_rows(
            ("reminders.survey_reminder", today, until), lambda: _opened_before(today, until)
        )
        if opened_at <= now - wait
    ]
    steps = (("survey_open", opening), ("survey_reminder", reminding))
    path = reverse("surveys:mine")
    messages = [
        Message(kind=kind, key=key, recipient_id=user_id, language=language, context={"path": path})
        for kind, rows in steps
        for key, user_id, language in rows
    ]
    return notification_queue_many(messages)
