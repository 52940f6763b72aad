import datetime

import pytest

from checkins.models import Survey, SurveyInvitation
from checkins.surveys.reminders import survey_reminders_send
from checkins.surveys.services import survey_answer, survey_decline
from cohorts.models import Participant
from cpse.notify.models import Notification
from cpse.notify.reminders import registered
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import count_queries

D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=datetime.UTC)


def kinds(participant) -> list[str]:
    return list(
        Notification.objects.filter(recipient=participant.user)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


def sweep(day: datetime.date, monkeypatch) -> int:
    # Messages are stamped with the run's time, as they would be on that day.
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(day))
    return survey_reminders_send(at(day))


@pytest.mark.django_db
def test_a_survey_is_announced_once_and_reminded_once_a_week_later(participant, monkeypatch):
    participant.status = Participant.Status.COMPLETED
    participant.save()
    assert "surveys" in {reminder.name for reminder in registered()}
    assert sweep(D(2026, 9, 1), monkeypatch) == 1
    assert sweep(D(2026, 9, 1), monkeypatch) == 0  # run twice: nothing twice
    assert sweep(D(2026, 9, 7), monkeypatch) == 0
    assert sweep(D(2026, 9, 8), monkeypatch) == 1
    assert sweep(D(2026, 9, 30), monkeypatch) == 0  # one reminder at most
    assert kinds(participant) == ["survey_open", "survey_reminder"]
    message = Notification.objects.get(kind="survey_open")
    assert "voluntary and anonymous" in message.body
    assert "/surveys/" in message.body
    # Nothing about the survey's topics, nothing about the person.
    for word in ("safe", "pay", "recovery", participant.user.display_name):
        assert word not in message.subject + message.body


@pytest.mark.django_db
def test_the_reminder_waits_a_full_week_to_the_hour(participant, monkeypatch):
    # The read is prepared for the whole day; the hour is checked on each run.
    participant.status = Participant.Status.COMPLETED
    participant.save()
    sweep(D(2026, 9, 1), monkeypatch)  # the first message, at 18:00
    an_hour_early = at(D(2026, 9, 8)) - datetime.timedelta(hours=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: an_hour_early)
    assert survey_reminders_send(an_hour_early) == 0
    assert sweep(D(2026, 9, 8), monkeypatch) == 1
    assert kinds(participant) == ["survey_open", "survey_reminder"]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["decline", "answer"])
def test_no_reminder_after_no_thanks_or_answering(participant, monkeypatch, action):
    participant.status = Participant.Status.CERTIFIED
    participant.save()
    sweep(D(2026, 9, 1), monkeypatch)
    invitation = SurveyInvitation.objects.get(participant=participant, survey=Survey.END_OF_PROGRAM)
    if action == "decline":
        survey_decline(invitation=invitation)
    else:
        survey_answer(invitation=invitation, answers={"safe": "5"}, today=D(2026, 9, 2))
    assert sweep(D(2026, 9, 9), monkeypatch) == 0
    assert sweep(D(2026, 10, 9), monkeypatch) == 0
    assert kinds(participant) == ["survey_open"]
    # Never asked again: the invitation stays, so no new one is made.
    assert SurveyInvitation.objects.filter(participant=participant).count() == 1


@pytest.mark.django_db
def test_withdrawn_people_and_people_on_leave_get_no_message(participant, monkeypatch):
    SurveyInvitation.objects.create(participant=participant, survey=Survey.PLACEMENT_6, opens_on=D(2026, 9, 1))
    participant.status = Participant.Status.WITHDRAWN
    participant.save()
    assert sweep(D(2026, 9, 1), monkeypatch) == 0
    participant.status = Participant.Status.ON_LEAVE
    participant.save()
    assert sweep(D(2026, 9, 2), monkeypatch) == 0


@pytest.mark.django_db
def test_the_sweep_takes_the_same_queries_for_3_or_30_people(monkeypatch):
    cohort = CohortFactory(year=2026)

    def run(count: int, day: datetime.date) -> int:
        for _ in range(count):
            ParticipantFactory(cohort=cohort, status=Participant.Status.COMPLETED)
        with count_queries() as queries:
            sweep(day, monkeypatch)
        return len(queries.captured_queries)

    assert run(3, D(2026, 9, 1)) == run(30, D(2026, 9, 2))
    assert Notification.objects.filter(kind="survey_open").count() == 33
