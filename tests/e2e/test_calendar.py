"""The private calendar feed in a real browser: a participant on a phone makes her
calendar address, sees it once with a way to copy it, her calendar app (here a plain
request) reads the feed, and a new address ends the old one after a confirmation.
Program staff reach the page from their menu. Axe on each page."""

import icalendar

from tests.conftest import TOTP_SECRET
from tests.dashboard.calendar import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in


def test_a_participant_subscribes_to_her_calendar_and_resets_the_link(phone_page, participant):
    factories.sessions(participant.cohort, 2)
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/calendar/")
    phone_page.get_by_role("heading", name="My calendar", level=1).wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Make my calendar address").click()
    field = phone_page.get_by_label("Calendar address")
    field.wait_for()
    first = field.input_value()
    assert "/calendar/feed/" in first
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= phone_page.viewport_size["width"]
    assert_accessible(phone_page)

    feed = phone_page.request.get(first)
    assert feed.status == 200 and "private" in feed.headers["cache-control"]
    calendar = icalendar.Calendar.from_ical(feed.text())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")].count("CPSE training session") == 2

    phone_page.get_by_role("link", name="Reset the link").click()
    phone_page.get_by_role("heading", name="Make a new calendar address?").wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Yes, make a new address").click()
    second = phone_page.get_by_label("Calendar address").input_value()
    assert second != first
    assert phone_page.request.get(first).status == 404
    assert phone_page.request.get(second).status == 200


def test_program_staff_open_the_calendar_from_their_menu(page, program_staff):
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.get_by_role("button", name="Participants").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My calendar").click()
    page.get_by_role("heading", name="My calendar", level=1).wait_for()
    assert_accessible(page)
