"""Placement in a real browser: a participant on a phone (390 x 844) records their first
placement and sees their twelve check-ins; program staff open the participant's
placement year, pause it and resume it. Each page passes axe."""

import datetime

from checkins.models import CheckIn, Placement, PlacementPause
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in

PHONE_390 = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_a_participant_records_a_placement_and_staff_pause_the_year(
    phone_page, page, time_machine, participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 15, tzinfo=datetime.UTC), tick=True)
    phone_page.set_viewport_size(PHONE_390)

    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/placement/")
    phone_page.get_by_role("heading", name="My placement", exact=True).wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)

    # A mistake first: "Other" without words. What was typed stays.
    phone_page.get_by_label("Agency").fill("Harbor Light Residential Services")
    phone_page.get_by_role("radio", name="Other").check()
    phone_page.get_by_role("radio", name="Volunteer").check()
    phone_page.get_by_label("Start date").fill("2026-11-02")
    phone_page.get_by_label("Supervisor's email").fill("morgan@harbor.example.org")
    phone_page.get_by_role("button", name="Save placement").click()
    phone_page.get_by_text("Please describe the role in a few words.").first.wait_for()
    assert phone_page.get_by_label("Agency").input_value() == "Harbor Light Residential Services"
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_label("If other: the role, in your words").fill("Survivor mentor")
    phone_page.get_by_role("button", name="Save placement").click()
    phone_page.get_by_text("Your placement is saved.").wait_for()
    phone_page.get_by_text("0 of 12 check-ins are done").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    # A typo in the supervisor's name is corrected without adding to the history.
    phone_page.get_by_role("link", name="Correct these details").click()
    phone_page.get_by_role("heading", name="Correct a placement").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_label("Supervisor's name").fill("Morgan Reyes")
    phone_page.get_by_role("button", name="Save the correction").click()
    phone_page.get_by_text("Your placement is corrected.").wait_for()
    placement = Placement.objects.get()
    assert placement.supervisor_name == "Morgan Reyes"
    assert (placement.role_other, placement.terms) == ("Survivor mentor", "volunteer")
    assert CheckIn.objects.get(number=1).due_on == datetime.date(2026, 12, 2)

    # Program staff pause the year, then resume it.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto(f"/staff/placements/{participant.public_id}/")
    page.get_by_role("heading", name="Placement year: Participant Cora").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Pause the placement year").click()
    page.get_by_role("heading", name="Pause the placement year").wait_for()
    assert_accessible(page)
    page.get_by_label("Pause from").fill("2026-11-25")
    page.get_by_label("Reason (optional)").fill("Surgery and recovery")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_text("The placement year is paused.").first.wait_for()
    page.get_by_role("link", name="Resume the placement year").click()
    assert_accessible(page)
    page.get_by_label("Back on").fill("2026-12-09")
    page.get_by_role("button", name="Resume", exact=True).click()
    page.get_by_text("The placement year runs again.").wait_for()
    assert PlacementPause.objects.get().ends_on == datetime.date(2026, 12, 9)
    assert CheckIn.objects.get(number=1).due_on == datetime.date(2026, 12, 16)
    page.get_by_role("link", name="End the current placement").click()
    assert_accessible(page)

    # The participant sees the new date, never the reason.
    phone_page.goto("/placement/")
    assert phone_page.get_by_text("Surgery").count() == 0
    _fits_the_phone(phone_page)

    # Her progress page counts the check-ins of the placement year (issue #21).
    phone_page.goto("/hours/")
    phone_page.get_by_text("0 of 12 check-ins done").wait_for()
    phone_page.get_by_text("The next one is due on Dec. 16, 2026.").wait_for()
    phone_page.get_by_role("link", name="My check-ins").first.wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
