"""The participant record's program-standards sections in a real browser: staff open the
record of a participant with rows in every app, go to its "Program standards" page, see
each section's status (never its private texts), follow the links to the readiness and
supervision pages; axe at desktop and phone width."""

import pytest

from tests.conftest import TOTP_SECRET
from tests.dashboard.dashboard_fixtures import participant_with_everything
from tests.dashboard.record.fixtures import PRIVATE, participant_with_standards
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import _open_page
from tests.e2e.support import screenshot, sign_in

PHONE_390 = {"width": 390, "height": 844}
SECTIONS = (
    "Code of ethics",
    "Readiness and pauses",
    "Supervision",
    "Peer mentor",
    "Access needs",
    "Evaluation surveys",
)


@pytest.fixture
def phone_390(request, browser, live_server):
    yield from _open_page(request, browser, live_server, PHONE_390, "phone-390")


def test_the_program_standards_on_the_record(page, phone_390, program_staff, participant):
    participant_with_everything(participant, rows=2)
    participant_with_standards(participant, rows=2)
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    record = f"/staff/participants/{participant.public_id}/standards/"
    page.goto(f"/staff/participants/{participant.public_id}/")
    page.get_by_role("navigation", name="Sections of this record").get_by_role("link", name="Program standards").click()
    page.wait_for_url(f"**{record}")
    for heading in SECTIONS:
        page.get_by_role("heading", level=2, name=heading, exact=True).wait_for()
    text = page.locator("main").inner_text()
    assert "Ready, with support agreed" in text
    assert "2 meetings" not in text  # both pairings have ended: no current mentor
    assert "No peer mentor at the moment." in text
    for private in PRIVATE:
        assert private not in text
    assert_accessible(page)
    screenshot(page, "participant-record-standards-1280.png")

    page.get_by_role("link", name="Readiness and pauses page").click()
    page.wait_for_url(f"**/staff/readiness/participants/{participant.public_id}/")
    page.goto(record)
    page.get_by_role("link", name="Supervision page").click()
    page.wait_for_url(f"**/staff/supervision/{participant.public_id}/")

    # The same session on a phone (a second sign-in would reuse the one-time code).
    phone_390.context.add_cookies(page.context.cookies())
    phone_390.goto(record)
    phone_390.get_by_role("heading", name="Supervision", exact=True).wait_for()
    assert_accessible(phone_390)
    assert phone_390.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    screenshot(phone_390, "participant-record-standards-390.png")
