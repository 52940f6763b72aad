"""Training sessions in a real browser: program staff schedule a session and record the
attendance of one that has taken place (present, part of it, absent); the participant
sees the hours in their online-instruction progress and their sessions on a phone."""

import datetime
import zoneinfo

from requirements_tracking.models import Attendance, HourEntry, TrainingSession
from requirements_tracking.sessions import services
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, english_field, screenshot, sign_in
from tests.factories import ParticipantFactory

LOCAL = zoneinfo.ZoneInfo("America/New_York")


def test_staff_record_attendance_and_the_participant_sees_the_hours(
    page, phone_page, time_machine, cohort, participant, other_participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 5, 20, 12, tzinfo=LOCAL), tick=True)
    eve = ParticipantFactory(cohort=cohort, user__display_name="Participant Eve")
    online = cohort.requirement_set.requirements.get(category="online")
    services.training_session_schedule(
        cohort=cohort,
        requirement=online,
        title="Listening well",
        starts_at=datetime.datetime(2026, 5, 12, 18, tzinfo=LOCAL),
        duration_minutes=90,
        location="Online",
        by=program_staff,
    )

    # Program staff schedule the next session.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/sessions/")
    page.get_by_role("heading", name="Training sessions").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_role("heading", name="Schedule a session").wait_for()
    page.get_by_label("Online instruction").check()
    english_field(page, "Title").fill("Boundaries and safety")
    page.get_by_label("Date").fill("2026-05-26")
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("Length in minutes").fill("60")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule this session").click()
    page.get_by_text("The session “Boundaries and safety” is scheduled.").wait_for()
    assert TrainingSession.objects.get(title="Boundaries and safety").duration_minutes == 60

    # ... and record who took part in the last one.
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_role("heading", name="Attendance: Listening well").wait_for()
    assert_accessible(page)
    page.get_by_role("group", name="Participant Cora").get_by_label("Present").check()
    dee = page.get_by_role("group", name="Participant Dee")
    dee.get_by_label("Part of the session").check()
    page.get_by_role("group", name="Participant Eve").get_by_label("Absent").check()
    page.get_by_role("button", name="Save attendance").click()
    # A partial line without minutes is explained, and nothing else is lost.
    page.get_by_text("Please check the answers marked below").wait_for()
    assert page.get_by_role("group", name="Participant Cora").get_by_label("Present").is_checked()
    assert_accessible(page)
    dee.get_by_label("Minutes, if part").fill("50")
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance for “Listening well” is saved.").wait_for()
    assert Attendance.objects.count() == 3
    assert dict(HourEntry.objects.values_list("participant", "hours")) == {
        participant.pk: 1.5,
        other_participant.pk: 0.75,
    }
    assert not HourEntry.objects.filter(participant=eve).exists()
    # The sheet also works on a phone, prefilled with what was recorded.
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Look or correct").click()
    assert page.get_by_role("group", name="Participant Dee").get_by_label("Minutes, if part").input_value() == "50"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "sessions-attendance-phone.png")

    # The participant, on a phone, sees the hours and their sessions.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/hours/")
    phone_page.get_by_text("1.5 of 18 hours approved").wait_for()
    phone_page.get_by_role("link", name="My training sessions").click()
    phone_page.get_by_role("heading", name="My training sessions").wait_for()
    phone_page.get_by_text("1.5 hours added").wait_for()
    assert phone_page.get_by_text("Boundaries and safety").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone_page)
