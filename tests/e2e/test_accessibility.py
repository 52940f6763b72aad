"""axe-core on the foundation's pages: no serious or critical problem anywhere."""

import re

from django.utils import translation

from tests.e2e.axe import assert_accessible, axe_violations


def test_the_check_finds_a_problem_on_each_new_page(page):
    """The check can fail: an image without a text alternative, put on the page from the
    test, is found, and found again on the next page (axe is loaded afresh on each
    document: tests/e2e/axe.py)."""
    unlabelled = "document.querySelector('main').append(Object.assign(document.createElement('img'), {src: 'data:,'}))"
    for path in ("/accounts/login/", "/accounts/signup/"):
        page.goto(path)
        assert "image-alt" not in {violation["id"] for violation in axe_violations(page)}, path
        page.evaluate(unlabelled)
        assert "image-alt" in {violation["id"] for violation in axe_violations(page)}, path


def test_public_home(page, open_cohort):
    response = page.goto("/")
    # axe runs under the site's real policy (see tests/e2e/axe.py).
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("link", name="Apply now").is_visible()
    assert_accessible(page)


def test_login_page(page):
    page.goto("/accounts/login/")
    assert_accessible(page)


def test_signup_page(page):
    page.goto("/accounts/signup/")
    assert page.get_by_label("Email").is_visible()
    assert_accessible(page)


def test_home_in_spanish(page, open_cohort):
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_function("document.documentElement.lang === 'es'")
    assert page.get_attribute("html", "lang") == "es"
    # What the catalogue says in Spanish (the English words until a translation exists).
    with translation.override("es"):
        sign_in, leave = translation.gettext("Sign in"), translation.gettext("Leave this site quickly")
    assert page.get_by_role("link", name=sign_in, exact=True).is_visible()
    assert page.locator("#quick-exit").inner_text().startswith(leave)
    # The way back is offered in its own language.
    assert page.locator("button[name=language][value=en]").get_attribute("lang") == "en"
    assert_accessible(page)


def test_participant_my_program(signed_in_participant):
    page = signed_in_participant
    assert re.search("Welcome, Participant Cora", page.get_by_role("heading", level=1).inner_text())
    assert_accessible(page)


def test_staff_dashboard(signed_in_staff, cohort):
    page = signed_in_staff
    page.reload()  # now with the cohort in the table
    assert page.get_by_role("table").is_visible()
    assert_accessible(page)
