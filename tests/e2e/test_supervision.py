"""Supervision in a real browser, at phone width: a participant writes and agrees a
supervision contract for their practicum; the supervisor agrees from the list their daily
email links to (no account), and nothing waits there then; the participant logs a session;
staff read it with the reflection. Axe on every page."""

import datetime
import re

from django.urls import reverse

from checkins.models import SupervisionContract, SupervisionSession
from tests.checkins.factories import placement_year
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, new_context, sign_in, supervisor_list_link


def _checked(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_contract_agreed_by_both_then_a_session_logged(
    phone_page, browser, page, live_server, time_machine, participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)

    # The participant, on a phone, writes the contract for the practicum and agrees.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/supervision/")
    phone_page.get_by_role("heading", name="My supervision", exact=True).wait_for()
    _checked(phone_page)
    phone_page.get_by_role("link", name="Write a supervision contract (Practicum)").click()
    phone_page.get_by_role("heading", name="Supervision contract: Practicum").wait_for()
    _checked(phone_page)
    phone_page.get_by_label("Your supervisor's name").fill("Sam Rivera")
    phone_page.get_by_label("Your supervisor's email").fill("sam@harbor.example.org")
    phone_page.get_by_label("Every week").check()
    phone_page.get_by_label("What each of you expects").fill("We meet every Tuesday and both come prepared.")
    phone_page.get_by_label("I agree to this contract").check()
    phone_page.get_by_role("button", name="Save the contract").click()
    phone_page.get_by_text("we will email your supervisor a private link").wait_for()
    phone_page.get_by_text("Waiting for the supervisor").wait_for()
    _checked(phone_page)
    assert phone_page.get_by_role("link", name="Log a session (Practicum)").count() == 0

    # The supervisor opens the link in their daily email, with no account, reads and agrees.
    supervisor = new_context(browser, base_url=live_server.url, locale="en-US", viewport=PHONE)
    supervisor_page = supervisor.new_page()
    link = supervisor_list_link("sam@harbor.example.org")
    supervisor_page.goto(link)
    supervisor_page.get_by_role("heading", name="Supervision contracts to agree").wait_for()
    supervisor_page.get_by_text("We meet every Tuesday and both come prepared.").wait_for()
    assert supervisor_page.get_by_text("Participant Cora").count() >= 1
    assert supervisor_page.get_by_text(participant.user.email).count() == 0
    _checked(supervisor_page)
    supervisor_page.get_by_role("button", name=re.compile(r"^I agree to this contract")).click()
    supervisor_page.get_by_text("You agreed to the supervision contract with Participant Cora.").wait_for()
    # Agreed once: nothing waits any more.
    supervisor_page.get_by_text("No supervision contract is waiting for you.").wait_for()
    _checked(supervisor_page)
    # A made-up link gets a calm page.
    supervisor_page.goto("/supervising/not-a-token/")
    supervisor_page.get_by_role("heading", name="This link is not available").wait_for()
    _checked(supervisor_page)
    supervisor.close()
    assert SupervisionContract.objects.get().agreed

    # The participant logs a session; the reflection stays off the list.
    phone_page.goto("/supervision/")
    phone_page.get_by_text("Agreed by both").wait_for()
    phone_page.get_by_role("link", name="Log a session (Practicum)").click()
    phone_page.get_by_role("heading", name="Log a supervision session").wait_for()
    _checked(phone_page)
    phone_page.get_by_label("Date").fill("2026-05-10")
    phone_page.get_by_label("Length in minutes").fill("50")
    phone_page.get_by_label("Boundaries and ethics").check()
    phone_page.get_by_label("Your reflection (optional)").fill("I noticed my own story coming up.")
    phone_page.get_by_role("button", name="Log this session").click()
    phone_page.get_by_text("Your supervision session is logged.").wait_for()
    phone_page.get_by_role("cell", name="Boundaries and ethics").wait_for()
    assert phone_page.get_by_text("I noticed my own story coming up.").count() == 0
    _checked(phone_page)
    assert SupervisionSession.objects.get().minutes == 50

    # Program staff read the contract and the reflection.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto(f"/staff/supervision/{participant.public_id}/")
    page.get_by_role("heading", name="Supervision: Participant Cora").wait_for()
    page.get_by_text("I noticed my own story coming up.").wait_for()
    assert_accessible(page)

    # On the check-in board, once in the placement year: no agreed placement contract,
    # so the practicum's rhythm is measured.
    placement_year(participant, start=datetime.date(2026, 4, 1))
    page.goto(reverse("checkins_staff:board"))
    page.get_by_text("Last supervision today (agreed every week)").wait_for()
    assert_accessible(page)
