"""Signing in through the real pages, as a person would."""

from accounts.services import totp_code_now
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in_through_form


def test_staff_sign_in_with_second_factor_lands_on_the_dashboard(page, program_staff):
    sign_in_through_form(page, program_staff.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code_now(TOTP_SECRET))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert page.get_by_role("link", name="Sign out").is_visible()


def test_wrong_second_factor_keeps_staff_out(page, program_staff):
    sign_in_through_form(page, program_staff.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/accounts/2fa/authenticate/")
    # Still not signed in: the dashboard sends them to sign in.
    page.goto("/staff/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() != "Dashboard"


def test_participant_signs_in_without_second_factor(page, participant):
    sign_in_through_form(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    assert page.get_by_role("link", name="My program").get_attribute("aria-current") == "page"
