"""Interviews that can move (issue #24): the applicant moves or cancels her own interview
until INTERVIEW_CHANGE_HOURS_BEFORE hours before it, program staff do it for her until it
starts, staff change or delete a booked time only with the applicant told, and mark a
missed interview (a new time is offered, INTERVIEW_NO_SHOW_REBOOKS times in all). Every
change is on the timeline, in the outbox (no details) and in the same calendar entry."""

import datetime
import importlib
import zoneinfo

import icalendar
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.urls import reverse

from applications import services
from applications.models import Application, ApplicationEvent, Interview, InterviewCalendar, InterviewSlot
from cpse.notify.models import Notification
from tests.applications.factories import InterviewScoreFactory, SentApplicationFactory, on_panel
from tests.factories import CohortFactory

S = Application.Status
C = ApplicationEvent.Change
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
NOW = datetime.datetime(2027, 1, 20, 12, tzinfo=LOCAL)


def at(days: float, hours: float = 0) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days, hours=hours)


def ics(text: str) -> dict[str, str]:
    """The calendar's method and its one event's properties, as iCalendar writes them
    (read back with the icalendar package, which refuses a malformed file)."""
    assert "\n" not in text.replace("\r\n", "")
    calendar = icalendar.Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    properties = {name: value.to_ical().decode() for name, value in event.items()}
    return {"METHOD": calendar["METHOD"].to_ical().decode(), **properties}


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def cohort(db):
    return CohortFactory(year=2027)


@pytest.fixture
def slots(cohort, program_staff):
    """Three times, two and three days ahead, one at five days."""
    return [
        services.interview_slot_create(
            cohort=cohort, starts_at=at(days), duration_minutes=45, location=f"Room {n}", by=program_staff
        )
        for n, days in enumerate((2, 3, 5), start=1)
    ]


@pytest.fixture
def booked(cohort, slots):
    application = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    services.interview_book(application=application, slot=slots[0], by=application.applicant)
    return Application.objects.get(pk=application.pk)


def events(application) -> list[tuple[str, str, str]]:
    return [(e.from_status, e.to_status, e.change) for e in ApplicationEvent.objects.filter(application=application)]


def outbox(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind))


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


# --- Moving ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_applicant_moves_her_interview_to_another_open_time(booked, slots, instructor, program_staff):
    on_panel(slots[0], instructor)
    on_panel(slots[1], program_staff)
    first = InterviewCalendar.objects.get(application=booked)
    news_before = len(outbox("application_news"))

    services.interview_reschedule(application=booked, slot=slots[1], by=booked.applicant)

    assert Interview.objects.get(application=booked).slot == slots[1]
    assert fresh(booked).status == S.INTERVIEW_BOOKED
    assert events(booked)[-1] == (S.INTERVIEW_BOOKED, S.INTERVIEW_BOOKED, C.INTERVIEW_MOVED)
    entry = InterviewCalendar.objects.get(application=booked)
    assert (entry.uid, entry.sequence, entry.starts_at) == (first.uid, first.sequence + 1, slots[1].starts_at)
    # The first time is free again for others.
    assert InterviewSlot.objects.filter(pk=slots[0].pk, interview__isnull=True).exists()
    # News for her, and for the interviewers of both times; nothing about when or who.
    assert len(outbox("application_news")) == news_before + 1
    panel_news = outbox("interview_panel_news")
    assert sorted(n.recipient_id for n in panel_news) == sorted([instructor.pk, program_staff.pk])
    for notification in [*panel_news, *outbox("application_news")]:
        assert "Room" not in notification.body and booked.applicant.display_name not in notification.body


@pytest.mark.django_db
def test_the_applicant_cannot_move_it_once_the_change_window_has_closed_but_staff_can(
    booked, slots, time_machine, program_staff
):
    hours = settings.INTERVIEW_CHANGE_HOURS_BEFORE
    time_machine.move_to(slots[0].starts_at - datetime.timedelta(hours=hours), tick=False)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_reschedule(application=booked, slot=slots[1], by=booked.applicant)
    assert error.value.code == "too_late" and settings.PROGRAM_CONTACT_EMAIL in str(error.value)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_booking_cancel(application=booked, by=booked.applicant)
    assert error.value.code == "too_late"
    assert Interview.objects.get(application=booked).slot == slots[0]
    services.interview_reschedule(application=booked, slot=slots[1], by=program_staff)
    assert Interview.objects.get(application=booked).slot == slots[1]


@pytest.mark.django_db
def test_the_change_window_follows_the_setting(booked, slots, time_machine, settings):
    settings.INTERVIEW_CHANGE_HOURS_BEFORE = 72
    time_machine.move_to(slots[0].starts_at - datetime.timedelta(hours=72, minutes=1), tick=False)
    services.interview_reschedule(application=booked, slot=slots[1], by=booked.applicant)
    time_machine.move_to(slots[1].starts_at - datetime.timedelta(hours=71), tick=False)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_reschedule(application=booked, slot=slots[2], by=booked.applicant)
    assert error.value.code == "too_late"


@pytest.mark.django_db
def test_nobody_moves_an_interview_that_has_started(booked, slots, time_machine, program_staff):
    time_machine.move_to(slots[0].starts_at, tick=False)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_reschedule(application=booked, slot=slots[1], by=program_staff)
    assert error.value.code == "interview_started"


@pytest.mark.django_db
def test_a_taken_past_same_or_other_cohorts_time_is_refused(booked, slots, cohort, program_staff):
    other = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    services.interview_book(application=other, slot=slots[1], by=other.applicant)
    past = InterviewSlot.objects.create(cohort=cohort, starts_at=at(-1), location="Room 0", created_by=program_staff)
    elsewhere = services.interview_slot_create(
        cohort=CohortFactory(year=2028), starts_at=at(4), duration_minutes=45, location="Room X", by=program_staff
    )
    for slot, code in ((slots[1], "slot_taken"), (past, "slot_unavailable"), (elsewhere, "slot_unavailable")):
        with pytest.raises(services.ApplicationError) as error:
            services.interview_reschedule(application=booked, slot=slot, by=booked.applicant)
        assert error.value.code == code
    with pytest.raises(services.ApplicationError) as error:
        services.interview_reschedule(application=booked, slot=slots[0], by=booked.applicant)
    assert error.value.code == "same_slot"
    # Nothing moved: hers, and the other person's.
    assert Interview.objects.get(application=booked).slot == slots[0]
    assert Interview.objects.get(application=other).slot == slots[1]
    assert events(booked)[-1][2] == ""


@pytest.mark.django_db
def test_an_application_without_a_booking_has_nothing_to_move(cohort, slots):
    application = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_reschedule(application=application, slot=slots[1], by=application.applicant)
    assert error.value.code == "not_booked"


# --- Cancelling ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cancelling_frees_the_time_keeps_the_reason_private_and_cancels_the_calendar_entry(
    booked, slots, cohort, instructor
):
    on_panel(slots[0], instructor)
    uid = InterviewCalendar.objects.get(application=booked).uid
    services.interview_booking_cancel(application=booked, by=booked.applicant, reason="  A shift at work  ")

    assert fresh(booked).status == S.INTERVIEW_INVITED and not Interview.objects.filter(application=booked).exists()
    event = ApplicationEvent.objects.filter(application=booked).last()
    assert (event.to_status, event.change, event.note) == (
        S.INTERVIEW_INVITED,
        C.INTERVIEW_CANCELLED,
        "A shift at work",
    )
    entry = InterviewCalendar.objects.get(application=booked)
    assert (entry.uid, entry.sequence, entry.cancelled) == (uid, 1, True)
    assert [n.recipient_id for n in outbox("interview_panel_news")] == [instructor.pk]
    assert not any("shift" in n.body for n in Notification.objects.all())
    # The time is free: someone else books it.
    other = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    services.interview_book(application=other, slot=slots[0], by=other.applicant)
    # She books again: a new calendar entry.
    services.interview_book(application=fresh(booked), slot=slots[2], by=booked.applicant)
    entry.refresh_from_db()
    assert entry.uid != uid and (entry.sequence, entry.cancelled) == (0, False)


@pytest.mark.django_db
def test_a_reason_too_long_is_refused_and_nothing_changes(booked):
    with pytest.raises(services.ApplicationError) as error:
        services.interview_booking_cancel(
            application=booked, by=booked.applicant, reason="x" * (services.CANCEL_REASON_MAX_LENGTH + 1)
        )
    assert error.value.code == "reason_too_long"
    assert fresh(booked).status == S.INTERVIEW_BOOKED


# --- The calendar file -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_calendar_file_keeps_its_uid_raises_its_sequence_and_cancels(client, booked, slots):
    client.force_login(booked.applicant)
    url = reverse("applications:interview_calendar")
    first = ics(client.get(url).content.decode())
    assert (first["METHOD"], first["SEQUENCE"], first["STATUS"], first["LOCATION"]) == (
        "PUBLISH",
        "0",
        "CONFIRMED",
        "Room 1",
    )

    services.interview_reschedule(application=booked, slot=slots[1], by=booked.applicant)
    moved = ics(client.get(url).content.decode())
    assert (moved["UID"], moved["SEQUENCE"], moved["LOCATION"]) == (first["UID"], "1", "Room 2")
    assert moved["DTSTART"] == slots[1].starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")

    services.interview_booking_cancel(application=fresh(booked), by=booked.applicant)
    cancelled = ics(client.get(url).content.decode())
    assert (cancelled["UID"], cancelled["SEQUENCE"]) == (first["UID"], "2")
    assert (cancelled["METHOD"], cancelled["STATUS"]) == ("CANCEL", "CANCELLED")
    assert "LOCATION" not in cancelled
    page = client.get(reverse("applications:mine")).content.decode()
    assert "Remove the cancelled time from my calendar" in page


@pytest.mark.django_db
def test_an_interview_booked_before_calendar_entries_keeps_its_first_uid(booked, slots):
    InterviewCalendar.objects.filter(application=booked).delete()
    services.interview_reschedule(application=booked, slot=slots[1], by=booked.applicant)
    entry = InterviewCalendar.objects.get(application=booked)
    assert (entry.uid, entry.sequence) == (slots[0].public_id, 1)


@pytest.mark.django_db
def test_staff_download_the_same_entry_and_an_instructor_only_on_the_panel(
    client, booked, slots, instructor, program_staff
):
    url = reverse("applications_staff:interview_calendar", args=[booked.public_id])
    client.force_login(program_staff)
    staff_file = ics(client.get(url).content.decode())
    assert staff_file["UID"] == f"{InterviewCalendar.objects.get(application=booked).uid}@cpse"
    assert staff_file["URL"].endswith(reverse("applications_staff:detail", args=[booked.public_id]))
    assert booked.applicant.display_name not in client.get(url).content.decode()
    client.force_login(instructor)
    assert client.get(url).status_code == 404
    on_panel(slots[0], instructor)
    assert client.get(url).status_code == 200


# --- Missed interviews ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missed_interview_offers_a_new_time_once_then_no_more(booked, slots, time_machine, program_staff):
    with pytest.raises(services.ApplicationError) as error:
        services.interview_missed_record(application=booked, by=program_staff)
    assert error.value.code == "not_started"

    time_machine.move_to(slots[0].starts_at + datetime.timedelta(minutes=20), tick=False)
    services.interview_missed_record(application=booked, by=program_staff)
    application = fresh(booked)
    assert application.status == S.INTERVIEW_INVITED
    assert events(application)[-1] == (S.INTERVIEW_BOOKED, S.INTERVIEW_INVITED, C.INTERVIEW_MISSED)
    assert Notification.objects.filter(
        key=f"application-news:{ApplicationEvent.objects.last().pk}", recipient=booked.applicant
    ).exists()

    services.interview_book(application=application, slot=slots[2], by=application.applicant)
    time_machine.move_to(slots[2].starts_at + datetime.timedelta(minutes=20), tick=False)
    services.interview_missed_record(application=fresh(application), by=program_staff)
    extra = services.interview_slot_create(
        cohort=application.cohort, starts_at=at(9), duration_minutes=45, location="Room 9", by=program_staff
    )
    with pytest.raises(services.ApplicationError) as error:
        services.interview_book(application=fresh(application), slot=extra, by=application.applicant)
    assert error.value.code == "no_more_bookings" and settings.PROGRAM_CONTACT_EMAIL in str(error.value)


@pytest.mark.django_db
def test_the_number_of_new_times_after_missing_follows_the_setting(
    booked, slots, time_machine, program_staff, settings
):
    settings.INTERVIEW_NO_SHOW_REBOOKS = 0
    time_machine.move_to(slots[0].starts_at + datetime.timedelta(minutes=20), tick=False)
    services.interview_missed_record(application=booked, by=program_staff)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_book(application=fresh(booked), slot=slots[2], by=booked.applicant)
    assert error.value.code == "no_more_bookings"


@pytest.mark.django_db
def test_a_scored_interview_is_not_marked_missed(booked, slots, time_machine, program_staff):
    time_machine.move_to(slots[0].starts_at + datetime.timedelta(minutes=50), tick=False)
    InterviewScoreFactory(interview=Interview.objects.get(application=booked))
    with pytest.raises(services.ApplicationError) as error:
        services.interview_missed_record(application=booked, by=program_staff)
    assert error.value.code == "scored"


# --- Staff change or delete a booked time -------------------------------------------------------


@pytest.mark.django_db
def test_staff_change_a_booked_time_with_the_applicant_told(booked, slots, program_staff, instructor):
    on_panel(slots[0], instructor)
    services.interview_slot_change(
        slot=slots[0],
        starts_at=at(2, 1),
        duration_minutes=60,
        location="Room 7",
        by=program_staff,
        applicant_told=True,
    )
    assert Interview.objects.get(application=booked).slot == slots[0]
    assert events(booked)[-1] == (S.INTERVIEW_BOOKED, S.INTERVIEW_BOOKED, C.INTERVIEW_TIME_CHANGED)
    entry = InterviewCalendar.objects.get(application=booked)
    assert (entry.sequence, entry.starts_at, entry.duration_minutes) == (1, at(2, 1), 60)
    assert [n.recipient_id for n in outbox("interview_panel_news")] == [instructor.pk]
    assert Notification.objects.filter(
        key=f"application-news:{ApplicationEvent.objects.last().pk}", recipient=booked.applicant
    ).exists()


@pytest.mark.django_db
def test_staff_delete_a_booked_time_with_the_applicant_told(booked, slots, program_staff):
    services.interview_slot_delete(slot=slots[0], by=program_staff, applicant_told=True)
    assert not InterviewSlot.objects.filter(pk=slots[0].pk).exists()
    application = fresh(booked)
    assert application.status == S.INTERVIEW_INVITED
    assert events(application)[-1] == (S.INTERVIEW_BOOKED, S.INTERVIEW_INVITED, C.INTERVIEW_CANCELLED)
    assert InterviewCalendar.objects.get(application=booked).cancelled
    # She chooses another time.
    services.interview_book(application=application, slot=slots[1], by=application.applicant)


# --- Reminders ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_moved_interview_is_reminded_of_again(booked, slots, time_machine):
    # Just after midnight the day before: reminded, and still hers to move (35 hours ahead).
    time_machine.move_to(datetime.datetime(2027, 1, 21, 0, 30, tzinfo=LOCAL), tick=False)
    assert services.interview_reminders_send() == 1
    services.interview_reschedule(application=booked, slot=slots[1], by=booked.applicant)
    time_machine.move_to(datetime.datetime(2027, 1, 22, 0, 30, tzinfo=LOCAL), tick=False)
    assert services.interview_reminders_send() == 1
    assert services.interview_reminders_send() == 0


@pytest.mark.django_db
def test_a_reminder_queued_under_the_old_key_is_not_sent_again_after_the_migration(booked, time_machine):
    migration = importlib.import_module("applications.migrations.0008_interview_changes")
    interview = Interview.objects.get(application=booked)
    time_machine.move_to(datetime.datetime(2027, 1, 21, 0, 30, tzinfo=LOCAL), tick=False)
    assert services.interview_reminders_send() == 1
    # As the reminder sent before this change was keyed: the interview alone.
    Notification.objects.filter(kind="interview_reminder").update(key=f"interview-reminder:{interview.pk}")
    Notification.objects.create(
        kind="interview_reminder", key="interview-reminder:not-an-interview", recipient=booked.applicant
    )
    migration.reminder_keys_with_their_time(django_apps, None)
    assert services.interview_reminders_send() == 0
    assert Notification.objects.filter(key="interview-reminder:not-an-interview").exists()
