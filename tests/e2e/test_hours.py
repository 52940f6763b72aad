"""Self-care hours in a real browser: a participant logs 2.5 hours on a phone, program
staff approve them in the inbox, and the participant's page shows the bar."""

import datetime

from requirements_tracking.models import HourEntry
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in


def test_a_participant_logs_hours_and_staff_approve_them(phone_page, page, time_machine, participant, program_staff):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)

    # The participant, on a phone.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.get_by_role("link", name="My hours").first.click()
    phone_page.get_by_role("heading", name="My hours").wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Log self-care hours").click()
    phone_page.get_by_label("Date").fill("2026-05-09")
    phone_page.get_by_label("Hours").fill("2.5")
    phone_page.get_by_label("What did you do?").select_option("journaling")
    phone_page.get_by_label("A short reflection").fill("Wrote for half an hour each evening")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Log these hours").click()
    phone_page.get_by_text("0 of 10 hours approved, 2.5 hours waiting").wait_for()
    assert_accessible(phone_page)

    # Program staff approve it in the inbox.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    # Staff pages are grouped in menus: "Participants" holds the hours inbox.
    page.get_by_role("button", name="Participants").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hours to approve").click()
    page.get_by_role("heading", name="Hours to approve").wait_for()
    assert page.get_by_text("Wrote for half an hour").count() == 0  # reflections stay on the entry's page
    assert_accessible(page)
    page.get_by_role("button", name="Approve (").click()  # the entry's own button, not "Approve selected"
    page.get_by_text("No hours are waiting for review.").wait_for()
    assert HourEntry.objects.get().status == HourEntry.Status.APPROVED

    # The participant sees the bar move.
    phone_page.reload()
    phone_page.get_by_text("2.5 of 10 hours approved").wait_for()
    assert float(phone_page.locator("progress").first.get_attribute("value")) == 2.5
    assert_accessible(phone_page)
