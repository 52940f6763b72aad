"""The private calendar page in a real browser: program staff reach it from their menu.
(A participant making, reading and resetting her address is in the participant's year
journey, tests/e2e/test_participant_year.py.) Axe on the page."""

from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in


def test_program_staff_open_the_calendar_from_their_menu(page, program_staff):
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.get_by_role("button", name="Participants").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My calendar").click()
    page.get_by_role("heading", name="My calendar", level=1).wait_for()
    assert_accessible(page)
