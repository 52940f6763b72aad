"""The home page at phone and desktop width: nothing spills sideways; screenshots kept
in test-artifacts/ for a person to look at."""

from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in


def test_home_fits_a_phone(phone_page, open_cohort):
    page = phone_page
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("#quick-exit").is_visible()
    screenshot(page, "home-phone.png")
    assert_accessible(page)
    # The menu folds away on a phone and opens with its button (Bootstrap's script, under CSP).
    sign_in = page.get_by_role("link", name="Sign in")
    assert not sign_in.is_visible()
    page.get_by_role("button", name="Menu").click()
    page.locator("#main-nav.show").wait_for()  # the opening animation has finished
    assert sign_in.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "home-phone-menu.png")


def test_home_at_desktop_width(page, open_cohort):
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "home-desktop.png")


def test_staff_menus_open_with_the_keyboard(page, program_staff):
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    menu = page.get_by_role("button", name="Participants")
    menu.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Progress").wait_for()
    assert menu.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    page.get_by_role("link", name="Progress").click()
    page.wait_for_url("**/staff/hours/progress/")
    screenshot(page, "staff-menu-desktop.png")


def test_staff_menus_fit_a_phone(phone_page, program_staff):
    # (A second sign-in in one test would reuse the same one-time code, which is refused.)
    sign_in(phone_page, program_staff.email, totp_secret=TOTP_SECRET)
    phone_page.wait_for_url("**/staff/")
    phone_page.get_by_role("button", name="Menu").click()
    phone_page.locator("#main-nav.show").wait_for()
    phone_page.get_by_role("button", name="Records").click()
    phone_page.get_by_role("link", name="Audit trail").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone_page, "staff-menu-phone.png")
    assert_accessible(phone_page)
