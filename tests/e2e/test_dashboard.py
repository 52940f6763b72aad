"""The staff dashboard in a real browser: the program manager signs in with two-factor
authentication, sees what needs doing, follows each item to its page; the participant
record and its history. Screenshots at desktop (1280) and phone (390) width; axe on the
dashboard, the record and the history."""

import pytest

from tests.conftest import TOTP_SECRET
from tests.dashboard.dashboard_fixtures import (
    participant_with_everything,
    program_standards_waiting,
    something_of_everything,
)
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import _open_page
from tests.e2e.support import screenshot, sign_in
from tests.requirements_tracking.ethics.test_services import publish, with_ethics_requirement

PHONE_390 = {"width": 390, "height": 844}
# Each action item, and the heading of the page it opens.
ACTION_PAGES = {
    "Applications to review": "Applications",
    "Interviews to score": "Interview times",
    "Hours to approve": "Hours to approve",
    "Exam answers to score": "Exam scoring",
    "Open check-in concerns": "Open concerns",
    "Invoices overdue": "Invoices",
    "People who can be certified now": "Certificates",
    # The program standards.
    "Readiness answers waiting for a judgement": "Readiness",
    "Program pauses whose return date has come (on the list of pauses)": "Readiness",
    "People with a supervision gap (shown on the check-in board)": "Check-ins",
    "Graduates offering to mentor, waiting for an answer": "Offers to mentor",
    "People who have not acknowledged the current code of ethics": "Code of ethics: who has acknowledged",
}
# Each page of the participant record after its overview, and a heading on it.
RECORD_PAGES = {
    "Placement and check-ins": "Placement and check-ins",
    "Fee and sponsors": "Fee and sponsors",
    "Program standards": "Code of ethics",
    "Timeline": "Timeline",
}


@pytest.fixture
def phone_390(request, browser, live_server):
    yield from _open_page(request, browser, live_server, PHONE_390, "phone-390")


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_manager_follows_each_action_to_its_page(page, phone_390, program_staff, participant):
    running = something_of_everything()["running"]
    program_standards_waiting(running, program_staff)
    with_ethics_requirement(running)
    publish(program_staff)
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/?cohort=2026")
    page.get_by_role("heading", name="What needs doing").wait_for()
    assert page.get_by_role("img", name="Self-awareness and self-care: 0 complete").count() == 1
    assert_accessible(page)
    _fits(page, 1280)
    screenshot(page, "dashboard-1280.png")

    for label, heading in ACTION_PAGES.items():
        page.goto("/staff/")
        page.get_by_role("link", name=label, exact=True).click()
        page.get_by_role("heading", level=1, name=heading, exact=True).wait_for()

    # The same session on a phone (a second sign-in would reuse the one-time code).
    phone_390.context.add_cookies(page.context.cookies())
    phone_390.goto("/staff/?cohort=2026")
    phone_390.get_by_role("heading", name="What needs doing").wait_for()
    assert_accessible(phone_390)
    _fits(phone_390, PHONE_390["width"])
    screenshot(phone_390, "dashboard-390.png")


def test_the_record_and_its_history(page, phone_390, program_staff, participant):
    participant_with_everything(participant, rows=3)
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto(f"/staff/participants/{participant.public_id}/")
    page.get_by_role("heading", level=1, name=str(participant.user)).wait_for()
    page.get_by_role("heading", name="Progress").wait_for()
    assert_accessible(page)
    screenshot(page, "participant-record-1280.png")
    for name, heading in RECORD_PAGES.items():
        page.get_by_role("navigation", name="Sections of this record").get_by_role("link", name=name).click()
        page.get_by_role("heading", level=2, name=heading, exact=True).wait_for()
        assert_accessible(page)
    page.get_by_role("link", name="History of this record").click()
    page.get_by_role("heading", level=1, name=f"History of {participant.user}'s record").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Record views").click()
    page.get_by_role("cell", name=str(program_staff)).first.wait_for()
    assert_accessible(page)

    # The same session on a phone (a second sign-in would reuse the one-time code).
    phone_390.context.add_cookies(page.context.cookies())
    phone_390.goto(f"/staff/participants/{participant.public_id}/")
    phone_390.get_by_role("heading", name="Progress").wait_for()
    assert_accessible(phone_390)
    _fits(phone_390, PHONE_390["width"])
    screenshot(phone_390, "participant-record-390.png")
    phone_390.goto(f"/staff/participants/{participant.public_id}/timeline/")
    phone_390.get_by_role("heading", name="Timeline").wait_for()
    assert_accessible(phone_390)
    _fits(phone_390, PHONE_390["width"])
