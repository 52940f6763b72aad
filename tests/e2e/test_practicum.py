"""Practicum in a real browser: a participant on a phone names their host agency and
supervisor and logs 2.25 hours; the supervisor confirms them from the list their daily
email links to (no account); the participant's hours page counts them; staff see who
confirmed."""

import datetime
import re

from requirements_tracking.models import HourEntry
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, new_context, sign_in, supervisor_list_link


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_supervisor_confirms_practicum_hours_through_the_link(
    phone_page, page, browser, live_server, time_machine, participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)

    # The participant, on a phone, names the host agency and supervisor.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/hours/")
    phone_page.get_by_role("link", name="My practicum").click()
    phone_page.get_by_role("heading", name="My practicum", exact=True).wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_label("Host agency").fill("Harbor House")
    phone_page.get_by_label("Your supervisor's name").fill("Sam Rivera")
    phone_page.get_by_label("Your supervisor's email").fill("sam@harbor.example.org")
    phone_page.get_by_role("button", name="Save practicum details").click()
    phone_page.get_by_text("Your practicum details are saved.").wait_for()

    # ...and logs 2.25 hours.
    phone_page.get_by_role("link", name="Log practicum hours").click()
    phone_page.get_by_label("Date").fill("2026-05-09")
    phone_page.get_by_label("Hours").fill("2.25")
    phone_page.get_by_label("What did you do?").fill("Helped with the intake calls")
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_role("button", name="Log these hours").click()
    phone_page.get_by_text("Waiting for your supervisor").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)

    # The supervisor opens the link in their daily email, with no account, and confirms.
    supervisor = new_context(browser, base_url=live_server.url, locale="en-US")
    supervisor_page = supervisor.new_page()
    supervisor_page.goto(supervisor_list_link("sam@harbor.example.org"))
    supervisor_page.get_by_role("heading", name="Waiting for your answer").wait_for()
    assert supervisor_page.get_by_text("Participant Cora").count() >= 1
    assert supervisor_page.get_by_text("Helped with the intake calls").count() == 0
    assert_accessible(supervisor_page)
    supervisor_page.get_by_role("button", name=re.compile(r"^Confirm \(Participant Cora")).click()
    supervisor_page.get_by_text("You confirmed Participant Cora's hours").wait_for()
    supervisor.close()
    assert HourEntry.objects.get().status == HourEntry.Status.APPROVED

    # Confirmed, they wait until program staff have verified the supervisor.
    phone_page.goto("/hours/")
    phone_page.get_by_text("0 of 12 hours approved").wait_for()
    phone_page.goto("/practicum/")
    phone_page.get_by_text("Confirmed by Sam Rivera").wait_for()

    # Program staff see who confirmed, and how, and verify the supervisor once.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/practicum/")
    page.get_by_role("heading", name="Practicum hours", exact=True).wait_for()
    page.get_by_text("by Sam Rivera, through the email link").wait_for()
    page.get_by_text("Not verified").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Verify Sam Rivera").click()
    page.get_by_label("A signed agreement on file").check()
    page.get_by_role("button", name="Mark as verified").click()
    page.get_by_text("Sam Rivera is verified.").wait_for()

    # The participant's hours page counts them now.
    phone_page.goto("/hours/")
    phone_page.get_by_text("2.25 of 12 hours approved").wait_for()
    _fits_the_phone(phone_page)
