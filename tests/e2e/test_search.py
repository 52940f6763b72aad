"""Staff search in a real browser: program staff type a name in the top bar and open the
person's record; the address never holds the name; a search too short is refused
kindly; the top bar still holds on one row at laptop width, in Spanish too (the box is
behind a button there); on a phone the box is in the menu. Axe on each page."""

import datetime

from django.utils import timezone

from tests.applications.factories import SentApplicationFactory
from tests.conftest import TOTP_SECRET
from tests.dashboard.dashboard_fixtures import invoice
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in
from tests.e2e.test_layout import _NAV_OVERFLOW
from tests.factories import ParticipantFactory


def _top_bar_holds(page) -> None:
    assert page.evaluate(_NAV_OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_staff_find_a_person_from_the_top_bar(page, phone_page, program_staff, cohort):
    rosa = ParticipantFactory(cohort=cohort, user__display_name="Rosa Marquez", user__email="rosa.m@example.org")
    SentApplicationFactory(applicant=rosa.user, cohort=cohort)
    invoice(rosa, due_on=timezone.localdate() + datetime.timedelta(days=30))
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    _top_bar_holds(page)
    # In the bar, the box is behind its button; opening it puts the cursor in the box.
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Search", exact=True).click()
    box = page.get_by_role("searchbox", name="Search for a person, a certificate or an invoice")
    box.wait_for()
    assert box.evaluate("element => element === document.activeElement")
    assert_accessible(page)
    screenshot(page, "search-top-bar-open-1280.png")
    box.fill("rosa")
    box.press("Enter")
    page.wait_for_url("**/staff/search/?search=*")
    assert "rosa" not in page.url.lower()
    page.get_by_role("heading", name="Results").wait_for()
    results = page.get_by_role("region", name="Results")
    assert "2 results found." in results.inner_text()
    assert_accessible(page)
    screenshot(page, "search-results-1280.png")
    results.get_by_role("link", name="Rosa Marquez").first.click()
    page.wait_for_url(f"**/staff/participants/{rosa.public_id}/")

    # A search too short: said next to the box, and what was typed is still there.
    page.goto("/staff/search/")
    main = page.locator("main")
    main.get_by_label("Search for").fill("r")
    main.get_by_role("button", name="Search").click()
    main.get_by_text("Please type at least 2 letters or numbers.").first.wait_for()
    assert main.get_by_label("Search for").input_value() == "r"
    assert_accessible(page)

    # In Spanish the top bar still holds, search box included.
    page.goto("/staff/")
    page.get_by_role("button", name="Español", exact=True).click()
    page.wait_for_selector("html[lang=es]")
    _top_bar_holds(page)
    screenshot(page, "search-top-bar-1280-es.png")
    page.get_by_role("button", name="English", exact=True).click()
    page.wait_for_selector("html[lang=en]")

    # On a phone the box is in the menu (the same session: a second sign-in would reuse the code).
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto("/staff/")
    phone_box = phone_page.get_by_role("searchbox", name="Search for a person, a certificate or an invoice")
    assert not phone_box.is_visible()
    phone_page.get_by_role("button", name="Menu").click()
    phone_page.locator("#main-nav.show").wait_for()
    phone_box.fill("marquez")
    phone_box.press("Enter")
    phone_page.wait_for_url("**/staff/search/?search=*")
    phone_page.get_by_role("heading", name="Results").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone_page, "search-results-phone.png")
    assert_accessible(phone_page)
