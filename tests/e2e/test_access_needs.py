"""Access needs in a real browser: a participant on a phone (390 x 844) records what helps
them, program staff see it on the attendance sheet
and change it on the person's page. Each page passes axe."""

import datetime

from applications.models import AccessNeeds
from cpse.audit.models import AccessLogEntry
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in
from tests.requirements_tracking.sessions.test_services import schedule

PHONE_390 = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_a_participant_records_their_needs_and_staff_see_and_change_them(
    phone_page, page, time_machine, cohort, participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 5, 20, 15, tzinfo=datetime.UTC), tick=True)
    session = schedule(cohort, starts_at=datetime.datetime(2026, 5, 12, 18, tzinfo=datetime.UTC))
    phone_page.set_viewport_size(PHONE_390)

    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/my-access-needs/")
    phone_page.get_by_role("heading", name="My access needs", exact=True).wait_for()
    phone_page.get_by_text("Sponsors never see it.").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)

    phone_page.get_by_label("Captions in online sessions").check()
    phone_page.get_by_label("Large print").check()
    phone_page.get_by_label("Anything else").fill("A chair near the door, please.")
    phone_page.get_by_label("Interpreter: which language?").fill("Spanish")
    phone_page.get_by_role("button", name="Save my access needs").click()
    phone_page.get_by_text("Your access needs are saved.").wait_for()
    needs = AccessNeeds.objects.get()
    assert (needs.interpreter_language, needs.captioning, needs.formats) == ("Spanish", True, ["large_print"])

    # Program staff see the summary on the attendance sheet and open the person's page.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto(f"/staff/sessions/{session.public_id}/attendance/")
    page.get_by_text("Interpreter: Spanish · Captions · Large print · more noted").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="details (Participant Cora)").click()
    page.get_by_role("heading", name="Access needs: Participant Cora").wait_for()
    assert page.get_by_label("Anything else").input_value() == "A chair near the door, please."
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user).exists()
    assert_accessible(page)
    page.get_by_label("Extra time for the exam and written work").check()
    page.get_by_role("button", name="Save access needs").click()
    page.get_by_text("The access needs of Participant Cora are saved.").wait_for()
    needs.refresh_from_db()
    assert needs.extra_time and needs.updated_by == program_staff
