"""The program's one reminder schedule: every app's reminders in one registry, each
message once per person and period however often the schedule runs."""

import datetime

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from applications import reminders as application_reminders
from applications.models import Application
from cohorts.models import Participant
from cpse.notify import reminders, services
from cpse.notify.models import Notification
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.notify.factories import NOW, program_with_reminders_due, staff_member
from tests.queries import count_queries

EXPECTED = {
    "application_window_open",
    "application_incomplete",
    "recommendation_pending",
    "interview_tomorrow",
    "session_tomorrow",
    "hours_digest",
    "hours_behind",
    "exam_window",
    "certificate_expiry",
    "supervisor_lists",
}


def test_one_beat_entry_runs_every_reminder(settings):
    from cpse.celery import app

    app.loader.import_default_modules()
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert tasks.count("cpse.notify.tasks.reminders") == 1
    # No app keeps a reminder task of its own.
    assert not [task for task in tasks if "remind" in task and task != "cpse.notify.tasks.reminders"]
    assert not [name for name in app.tasks if "remind" in name and name != "cpse.notify.tasks.reminders"]
    assert {reminder.name for reminder in reminders.registered()} >= EXPECTED
    assert all(reminder.description for reminder in reminders.registered())


@pytest.mark.django_db
def test_running_the_schedule_twice_sends_each_reminder_once(time_machine, django_capture_on_commit_callbacks):
    _cohort, people = program_with_reminders_due(2)
    time_machine.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.reminders_run()
    assert first["session_tomorrow"] == 2
    assert first["exam_window"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders.reminders_run()
    assert set(second.values()) == {0}
    services.notifications_sweep()
    assert Notification.objects.count() == sum(first.values()) >= 4
    assert len(mail.outbox) == sum(first.values())
    assert len({m.to[0] + m.subject for m in mail.outbox}) == len(mail.outbox)
    for person in people:
        to_them = {m.subject for m in mail.outbox if m.to == [person.user.email]}
        assert {"A reminder for tomorrow", "The exam is now open"} <= to_them
    # Everything a reminder queued is marked as a reminder (a weekly summary may gather it).
    assert set(Notification.objects.values_list("category", flat=True)) == {Notification.Category.REMINDER}


@pytest.mark.django_db
def test_a_message_queued_outside_the_schedule_is_not_a_reminder(applicant):
    notification = services.notification_queue(kind="new_message", key="plain", recipient=applicant)
    assert notification.category == Notification.Category.MESSAGE


def _outbox_row(person, key: str) -> Notification:
    return Notification.objects.create(
        recipient=person, kind="new_message", key=key, language="en", subject="s", body="b"
    )


@pytest.mark.django_db
def test_messages_keyed_reads_the_keys_with_that_prefix_taken_literally(applicant):
    keys = {"exam-window:1:2", "exam-window:10:2", "exam-windowX1:2", "session-reminder:1:2", "a_b:1", "aXb:1"}
    for key in keys:
        _outbox_row(applicant, key)

    def read(prefix):
        return set(services.messages_keyed(prefix).values_list("key", flat=True))

    assert read("exam-window:") == {"exam-window:1:2", "exam-window:10:2"}
    assert read("a_b:") == {"a_b:1"}  # "_" is a character of the key, not a wildcard
    assert read("") == keys


@pytest.mark.django_db
def test_without_message_leaves_out_exactly_the_people_whose_key_is_queued():
    told, similar, untold = UserFactory.create_batch(3)
    _outbox_row(told, f"bench-note:{told.pk}")
    # Not their key: the same digits after another prefix, or after a longer one.
    _outbox_row(similar, f"other-note:{similar.pk}")
    _outbox_row(similar, f"bench-note:{similar.pk}0")
    people = User.objects.filter(pk__in=[told.pk, similar.pk, untold.pk])

    left = services.without_message(people, "bench-note:", F("pk")).values_list("pk", "message_key")

    assert sorted(left) == sorted([(similar.pk, f"bench-note:{similar.pk}"), (untold.pk, f"bench-note:{untold.pk}")])


@pytest.mark.django_db
def test_person_language_is_each_returned_persons_own():
    UserFactory(preferred_language="es")  # so no participant's id is their person's id
    english = ParticipantFactory(user__preferred_language="en")
    spanish = ParticipantFactory(user__preferred_language="es")
    people = Participant.objects.filter(pk__in=[english.pk, spanish.pk])

    languages = dict(people.values_list("pk", services.person_language("user_id")))

    assert languages == {english.pk: "en", spanish.pk: "es"}


@pytest.mark.django_db
def test_one_run_reads_with_a_fixed_number_of_queries(time_machine):
    cohort, _people = program_with_reminders_due(2)
    staff_member()
    time_machine.move_to(NOW)

    def queries_of_one_run() -> int:
        from django.db import transaction

        with count_queries() as queries, transaction.atomic():
            reminders.reminders_run()
            transaction.set_rollback(True)
        return len(queries.captured_queries)

    few = queries_of_one_run()
    program_with_reminders_due(6, cohort=cohort)
    staff_member()
    assert queries_of_one_run() == few


@pytest.mark.django_db
def test_a_failing_reminder_does_not_stop_the_others(time_machine, monkeypatch):
    program_with_reminders_due(1)
    time_machine.move_to(NOW)

    def broken(now):
        services.notification_queue(kind="new_message", key="half-done", recipient=None, to_email="a@example.org")
        raise RuntimeError("a bug")

    monkeypatch.setitem(reminders._reminders, "broken", reminders.Reminder(name="broken", send=broken))
    queued = reminders.reminders_run()
    assert queued["broken"] == 0
    assert queued["session_tomorrow"] == 1
    # What the failing reminder queued before failing is rolled back with it.
    assert not Notification.objects.filter(key="half-done").exists()


@pytest.mark.django_db
def test_exam_window_once_per_exam_not_after_starting_nor_after_it_closes(time_machine):
    from requirements_tracking import reminders as rt_reminders
    from requirements_tracking.models import Attempt, Exam

    _cohort, (started, waiting) = program_with_reminders_due(2)
    exam = Exam.objects.get()
    Attempt.objects.create(
        exam=exam, participant=started, number=1, started_at=NOW, deadline_at=NOW + datetime.timedelta(hours=1)
    )
    assert rt_reminders.exam_window_remind(now=NOW - datetime.timedelta(hours=3)) == 0  # not open yet
    assert rt_reminders.exam_window_remind(now=NOW) == 1
    assert rt_reminders.exam_window_remind(now=NOW + datetime.timedelta(days=1)) == 0
    assert Notification.objects.get(kind="exam_window").recipient == waiting.user
    Notification.objects.all().delete()
    assert rt_reminders.exam_window_remind(now=exam.closes_at) == 0


@pytest.mark.django_db
def test_an_incomplete_application_gets_a_gentle_note_at_most_weekly_while_the_window_is_open(
    time_machine, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()  # applications open 5 January to 15 March 2026
    start = datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)
    time_machine.move_to(start)
    draft = ApplicationFactory(cohort=cohort)
    ApplicationFactory(cohort=cohort, status=Application.Status.SUBMITTED)  # sent: nothing to remind

    def remind(**later):
        time_machine.move_to(start + datetime.timedelta(**later))
        return application_reminders.incomplete_applications_remind()

    assert remind(days=2) == 0  # touched recently
    with django_capture_on_commit_callbacks(execute=True):
        assert remind(days=6) == 1
    assert remind(days=6, hours=1) == 0
    assert remind(days=9) == 0  # a new week on the calendar, but not a week since the last note
    assert remind(days=14) == 1
    assert [m.subject for m in mail.outbox] == ["Your application is waiting for you"]
    assert draft.applicant.email in mail.outbox[0].to
    assert "/apply/" in mail.outbox[0].body
    # After the window closes: nothing more.
    assert remind(days=70) == 0


@pytest.mark.django_db
def test_interest_invitations_are_written_in_the_signups_language(time_machine):
    from applications.models import InterestSignup

    CohortFactory()
    InterestSignup.objects.create(email="es@example.org", language="es")
    assert (
        reminders.reminders_run(now=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC))["application_window_open"]
        == 1
    )
    notification = Notification.objects.get(kind="interest_invitation")
    assert notification.language == "es"
    assert (
        notification.subject
        != services.notification_queue(
            kind="interest_invitation", key="en-copy", to_email="en@example.org", context={"closes": timezone.now()}
        ).subject
    )
