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


# Which parts of the top bar stick out of the bar (or the window): an empty list is a fit.
_NAV_OVERFLOW = """() => {
  const bar = document.querySelector("nav.navbar > div").getBoundingClientRect();
  const right = Math.min(bar.right, document.documentElement.clientWidth);
  const items = document.querySelectorAll("nav.navbar .navbar-brand, #main-nav > .navbar-nav > .nav-item");
  const rows = new Set();
  const out = [];
  for (const item of items) {
    const box = item.getBoundingClientRect();
    if (box.width === 0) continue;
    rows.add(Math.round((box.top + box.bottom) / 8));  // the middle, give or take 4 px
    if (box.left < bar.left - 1 || box.right > right + 1) out.push(item.textContent.trim());
  }
  if (rows.size > 1) out.push("the menu wraps onto " + rows.size + " rows");
  return out;
}"""


# Two more entries as long as the longest one.
_LONGER_MENU = """() => {
  const menu = document.querySelector("#main-nav > .navbar-nav");
  const longest = [...menu.children].sort((a, b) => b.offsetWidth - a.offsetWidth)[0];
  menu.append(longest.cloneNode(true), longest.cloneNode(true));
}"""


def _fits_the_top_bar(page, switch_name: str) -> None:
    width = page.viewport_size["width"]
    switch = page.get_by_role("button", name=switch_name, exact=True)
    assert switch.is_visible()
    box = switch.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate(_NAV_OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_participant_s_menu_and_the_language_switch_fit_a_laptop(signed_in_participant):
    page = signed_in_participant
    assert page.viewport_size == {"width": 1280, "height": 800}
    _fits_the_top_bar(page, "Español")
    screenshot(page, "participant-menu-1280.png")
    # In Spanish the words are longer; the bar still holds them and the way back.
    page.get_by_role("button", name="Español", exact=True).click()
    page.wait_for_selector("html[lang=es]")
    _fits_the_top_bar(page, "English")
    screenshot(page, "participant-menu-1280-es.png")
    # A longer menu (a graduate who mentors, longer words) takes a second row: the account
    # menu and the language switch stay in the window.
    page.evaluate(_LONGER_MENU)
    switch = page.get_by_role("button", name="English", exact=True)
    box = switch.bounding_box()
    assert switch.is_visible() and box["x"] + box["width"] <= page.viewport_size["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_participant_s_menu_opens_on_a_phone(phone_page, participant):
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    my_hours = phone_page.locator("#main-nav").get_by_role("link", name="My hours", exact=True)
    assert not my_hours.is_visible()
    phone_page.get_by_role("button", name="Menu").click()
    phone_page.locator("#main-nav.show").wait_for()
    assert my_hours.is_visible()
    assert phone_page.get_by_role("button", name="Español", exact=True).is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone_page, "participant-menu-phone.png")
    assert_accessible(phone_page)
    # Help, with the crisis lines, is in the menu.
    phone_page.locator("#main-nav").get_by_role("button", name="Support").click()
    phone_page.locator("#main-nav").get_by_role("link", name="Help", exact=True).click()
    phone_page.wait_for_url("**/help/")
    assert phone_page.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone_page, "help-phone.png")
    assert_accessible(phone_page)
