"""The home page at phone and desktop width: nothing spills sideways; screenshots kept
in test-artifacts/ for a person to look at."""

from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot


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
