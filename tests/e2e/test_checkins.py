"""Monthly check-ins in a real browser: a participant on a phone (390 x 844) fills in a
check-in (answers saved as they type, kept across a reload), asks to be contacted and
sends it; program staff find the concern at the top of the board, read the answers, note
a follow-up and close it with a second note. axe runs on every check-in page."""

import datetime
import importlib

import pytest
from django.apps import apps

from checkins.models import CheckIn, Concern
from tests.checkins.factories import placement_year
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import _open_page
from tests.e2e.support import screenshot, sign_in

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone_390(request, browser, live_server):
    yield from _open_page(request, browser, live_server, PHONE_390, "phone-390")


@pytest.fixture
def keywords(transactional_db):
    """The default words (the data migration's rows are emptied between browser tests)."""
    importlib.import_module("checkins.migrations.0002_default_concern_keywords").create(apps, None)


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_a_participant_files_a_check_in_and_staff_close_the_concern(
    phone_390, page, time_machine, participant, program_staff, keywords
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC), tick=True)
    phone = phone_390

    # Before a placement: a calm empty state.
    sign_in(phone, participant.user.email)
    phone.wait_for_url("**/my-program/")
    phone.goto("/check-ins/")
    phone.get_by_text("When you start your placement, your monthly check-ins will appear here").wait_for()
    assert_accessible(phone)

    placement_year(participant)
    phone.reload()
    phone.get_by_text("0 of 12 done").wait_for()
    assert_accessible(phone)
    _fits(phone)
    screenshot(phone, "checkin-list-390.png")
    phone.get_by_role("link", name="Start (check-in 1)").click()
    phone.get_by_role("heading", name="Check-in 1 of 12").wait_for()
    assert_accessible(phone)
    _fits(phone)

    # Saved as they type: the words are still there after a reload.
    phone.get_by_label("How is work going?").fill("Busy, learning a lot")
    phone.get_by_text("Saved.").wait_for()
    phone.reload()
    assert phone.get_by_label("How is work going?").input_value() == "Busy, learning a lot"

    # The contact questions show only after asking to be contacted.
    assert not phone.get_by_label("Phone call").is_visible()
    phone.get_by_label("Hard", exact=True).check()
    phone.get_by_label("Some, less than agreed").check()
    phone.get_by_label("Yes, please").check()
    phone.get_by_label("Phone call").check()
    phone.get_by_label("Anything about contacting you safely").fill("Weekday mornings only")
    assert_accessible(phone)
    _fits(phone)
    screenshot(phone, "checkin-form-390.png")
    phone.get_by_role("button", name="Send my check-in").click()
    phone.get_by_role("heading", name="Thank you for checking in").wait_for()
    phone.get_by_text("Someone from the program team will reach out").wait_for()
    assert_accessible(phone)
    _fits(phone)

    checkin = CheckIn.objects.get(participant=participant, number=1)
    assert checkin.submitted_at and checkin.wellbeing == "2" and checkin.contact_way == "phone"
    assert set(Concern.objects.filter(checkin=checkin).values_list("reason", flat=True)) == {
        Concern.Reason.LOW_WELLBEING,
        Concern.Reason.ASKED_FOR_CONTACT,
    }

    # Sent: read-only for its owner.
    phone.get_by_role("link", name="Back to my check-ins").click()
    phone.get_by_text("1 of 12 done").wait_for()
    phone.get_by_role("link", name="See my answers (check-in 1)").click()
    phone.get_by_text("Busy, learning a lot").wait_for()
    assert phone.get_by_role("button", name="Send my check-in").count() == 0
    assert_accessible(phone)

    # Staff: the concern is at the top of the board.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/check-ins/")
    first_row = page.locator("tbody tr").first
    assert "Participant Cora" in first_row.inner_text()
    assert_accessible(page)
    screenshot(page, "checkin-board.png")
    first_row.get_by_role("link", name="History").click()
    page.get_by_role("heading", name="Check-ins: Participant Cora").wait_for()
    page.get_by_text("Weekday mornings only").wait_for()
    assert_accessible(page)
    screenshot(page, "checkin-history.png")

    page.get_by_role("link", name="Asked to be contacted").first.click()
    page.get_by_role("heading", name="A check-in needs attention").wait_for()
    assert_accessible(page)
    page.get_by_label("What was done").fill("Called on Tuesday morning; talked through support options")
    page.get_by_role("button", name="Save the note").click()
    page.get_by_text("Your follow-up note is saved.").wait_for()
    page.get_by_label("What was done").fill("She has what she needs for now")
    page.get_by_role("button", name="Save and close the concern").click()
    page.get_by_text("Your note is saved and the concern is closed.").wait_for()
    assert_accessible(page)
    screenshot(page, "checkin-concern-closed.png")
    assert Concern.objects.get(checkin=checkin, reason=Concern.Reason.ASKED_FOR_CONTACT).status == "closed"
    assert Concern.objects.get(checkin=checkin, reason=Concern.Reason.LOW_WELLBEING).status == "open"

    # The words to look out for.
    page.goto("/staff/check-ins/keywords/")
    assert_accessible(page)
    page.get_by_label("Word or phrase").fill("can't go on")
    page.get_by_role("button", name="Add to the list").click()
    page.get_by_text("is added to the list").wait_for()
    page.get_by_role("button", name="Stop looking for it (afraid)").click()
    page.get_by_text("is no longer looked out for").wait_for()
    assert_accessible(page)
