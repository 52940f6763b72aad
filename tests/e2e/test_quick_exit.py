"""Quick exit: first in tab order on public and participant pages, absent for staff, and
leaving by button or Escape replaces the page so Back does not return to it."""

import pytest
from django.conf import settings

EXIT_URL = settings.QUICK_EXIT_URL


def _fake_exit_site(page):
    # No internet here: the neutral site answers from the test instead.
    page.route(
        lambda url: url.startswith(EXIT_URL),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>"),
    )


def _focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_quick_exit_is_first_in_tab_order_on_public_pages(page, path):
    page.goto(path)
    page.keyboard.press("Tab")
    assert _focused(page) == "quick-exit"
    assert page.locator("#quick-exit").is_visible()


def test_quick_exit_is_first_in_tab_order_for_participants(signed_in_participant):
    page = signed_in_participant
    page.reload()
    page.keyboard.press("Tab")
    assert _focused(page) == "quick-exit"


def test_no_quick_exit_for_staff(signed_in_staff):
    page = signed_in_staff
    assert page.locator("#quick-exit").count() == 0
    page.reload()
    page.keyboard.press("Tab")
    # The first stop is the skip link instead.
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_leaves_without_a_way_back(page, live_server, how):
    _fake_exit_site(page)
    page.goto("/")
    if how == "button":
        page.locator("#quick-exit").click()
    else:
        page.keyboard.press("Escape")
    page.wait_for_url(EXIT_URL)
    assert page.get_by_text("Sunny").is_visible()
    # location.replace(): the site's page is gone from history.
    page.go_back()
    assert not page.url.startswith(live_server.url)


def test_participant_escape_leaves_without_a_way_back(signed_in_participant, participant):
    page = signed_in_participant
    _fake_exit_site(page)
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT_URL)
    # History now holds the sign-in form where my-program was; Back must not lead to
    # the participant's own page, whatever page it shows.
    page.go_back()
    assert "/my-program/" not in page.url
    assert participant.user.display_name not in page.content()
