"""Reminders about hours: the staff's daily digest and the participants' gentle weekly note."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from cohorts.models import Participant, ProgressExpectation
from cpse.notify.models import Notification
from requirements_tracking import reminders
from requirements_tracking.models import HourEntry
from tests.factories import ParticipantFactory, UserFactory

# The 2026 cohort (tests/factories.py): program 1 April to 31 August 2026, intensive
# 8 to 12 June (after it, everyone short of 30 intensive hours is behind).
MAY = datetime.datetime(2026, 5, 15, 9, 0)


def at(moment: datetime.datetime, time_machine) -> None:
    """`moment` in the site's local time."""
    time_machine.move_to(timezone.make_aware(moment), tick=False)


def waiting_entry(participant) -> HourEntry:
    return HourEntry.objects.create(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category="self_care"),
        date=datetime.date(2026, 5, 4),
        hours=Decimal("1.5"),
        kind="other",
        reflection="A long walk by the river",
    )


@pytest.mark.django_db
def test_the_digest_goes_once_a_day_to_each_program_staff_member_when_hours_wait(
    participant, program_staff, instructor, time_machine, settings
):
    settings.HOURS_DIGEST_HOUR = 8
    at(MAY, time_machine)
    assert reminders.hours_digest_send() == 0  # nothing waits
    waiting_entry(participant)
    assert reminders.hours_digest_send() == 1  # program staff only, not the instructor
    assert reminders.hours_digest_send() == 0  # the same day: once
    message = Notification.objects.get(kind="hours_digest")
    assert message.recipient == program_staff
    assert "1 hour entry is waiting" in message.body
    assert str(participant.user) not in message.body and "river" not in message.body
    at(MAY + datetime.timedelta(days=1), time_machine)
    assert reminders.hours_digest_send() == 1


@pytest.mark.django_db
def test_the_digest_waits_for_the_configured_hour(participant, program_staff, time_machine, settings):
    settings.HOURS_DIGEST_HOUR = 10
    waiting_entry(participant)
    at(MAY, time_machine)  # 9:00
    assert reminders.hours_digest_send() == 0
    at(MAY.replace(hour=10), time_machine)
    assert reminders.hours_digest_send() == 1


def _behind(participant):
    """Two self-care hours expected one month in; the participant has none."""
    requirement = participant.cohort.requirement_set.requirements.get(category="self_care")
    ProgressExpectation.objects.create(requirement=requirement, months_after_start=1, amount=2)


@pytest.mark.django_db
def test_a_participant_behind_schedule_gets_a_gentle_note_at_most_weekly(participant, time_machine):
    _behind(participant)
    at(MAY, time_machine)
    assert reminders.behind_schedule_remind() == 1
    assert reminders.behind_schedule_remind() == 0
    at(MAY + datetime.timedelta(days=3), time_machine)
    assert reminders.behind_schedule_remind() == 0
    at(MAY + datetime.timedelta(days=7, hours=1), time_machine)
    assert reminders.behind_schedule_remind() == 1
    messages = Notification.objects.filter(kind="hours_behind", recipient=participant.user)
    assert messages.count() == 2
    body = messages.first().body
    assert "gentle note" in body and str(participant.user) not in body and "/hours/" in body


@pytest.mark.django_db
def test_people_on_track_on_leave_or_gone_are_not_nudged(participant, time_machine):
    _behind(participant)
    cohort = participant.cohort
    on_track = ParticipantFactory(cohort=cohort)
    HourEntry.objects.create(
        participant=on_track,
        requirement=cohort.requirement_set.requirements.get(category="self_care"),
        date=datetime.date(2026, 4, 20),
        hours=Decimal("2"),
        kind="other",
        status=HourEntry.Status.APPROVED,
    )
    for status in (Participant.Status.ON_LEAVE, Participant.Status.WITHDRAWN, Participant.Status.COMPLETED):
        ParticipantFactory(cohort=cohort, status=status, user=UserFactory())
    at(MAY, time_machine)
    assert reminders.behind_schedule_remind() == 1
    assert Notification.objects.get(kind="hours_behind").recipient == participant.user


@pytest.mark.django_db
def test_nobody_is_nudged_before_the_program_or_after_graduation(participant, time_machine):
    _behind(participant)
    at(datetime.datetime(2026, 3, 30, 12), time_machine)
    assert reminders.behind_schedule_remind() == 0
    at(datetime.datetime(2026, 10, 18, 12), time_machine)  # after graduation
    assert reminders.behind_schedule_remind() == 0


def test_every_scheduled_task_exists_and_the_hour_reminders_are_scheduled(settings):
    from cpse.celery import app
    from cpse.notify.reminders import registered

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
    # One schedule runs every app's reminders (cpse.notify.reminders).
    assert "cpse.notify.tasks.reminders" in scheduled
    assert {"hours_digest", "hours_behind", "session_tomorrow", "exam_window"} <= {r.name for r in registered()}


@pytest.mark.django_db
def test_the_schedule_runs_the_reminders(participant, program_staff, time_machine, settings):
    from cpse.notify import tasks

    settings.HOURS_DIGEST_HOUR = MAY.hour
    _behind(participant)
    waiting_entry(participant)
    at(MAY, time_machine)
    queued = tasks.run_reminders()
    assert queued["hours_digest"] == 1
    assert queued["hours_behind"] == 1


@pytest.mark.django_db
def test_who_is_behind_is_worked_out_in_the_digest_hour_only(participant, time_machine, settings):
    from cpse.notify import tasks

    settings.HOURS_DIGEST_HOUR = MAY.hour + 1
    _behind(participant)
    at(MAY, time_machine)
    assert tasks.run_reminders()["hours_behind"] == 0
    at(MAY + datetime.timedelta(hours=1), time_machine)
    assert tasks.run_reminders()["hours_behind"] == 1


@pytest.mark.django_db
def test_staff_who_join_later_in_the_day_get_the_digest_and_the_repeat_run_reads_one_query(
    participant, program_staff, time_machine, settings, django_assert_num_queries
):
    """Only the staff not told today are read (by key, in SQL), with what waits: once
    everyone has it, the usual run reads one query and finds nobody left to tell."""
    settings.HOURS_DIGEST_HOUR = 8
    at(MAY, time_machine)
    with django_assert_num_queries(1):  # nothing waits: nobody is told, in one query
        assert reminders.hours_digest_send() == 0
    waiting_entry(participant)
    assert reminders.hours_digest_send() == 1
    with django_assert_num_queries(1):  # who is not told today, with what waits
        assert reminders.hours_digest_send() == 0
    later = UserFactory(roles=[Role.PROGRAM_STAFF])
    at(MAY.replace(hour=15), time_machine)
    assert reminders.hours_digest_send() == 1
    told = Notification.objects.filter(kind="hours_digest").values_list("recipient_id", flat=True)
    assert sorted(told) == sorted([program_staff.pk, later.pk])
