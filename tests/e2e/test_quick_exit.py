"""Quick exit: first in tab order on public and participant pages, absent for staff, and
leaving by button or Escape replaces the page so Back does not return to it."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from tests.e2e.support import sign_in, wait_for_kept_input

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


def test_her_words_are_waiting_after_a_quick_exit(signed_in_participant, participant, time_machine):
    """She was writing an hours reflection when she pressed Escape; when she signs in
    again and opens the form, her words are there (issue #25)."""
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)
    page = signed_in_participant
    _fake_exit_site(page)
    words = "Sat by the window with my tea and let the day settle"
    page.goto(reverse("requirements_tracking:entry_create"))
    page.get_by_label("Hours").fill("1.5")
    page.get_by_label("A short reflection").fill(words)
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT_URL)
    wait_for_kept_input(page, participant.user)

    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto(reverse("requirements_tracking:entry_create"))
    page.get_by_text("We kept what you typed").wait_for()
    assert page.get_by_label("A short reflection").input_value() == words
    assert page.get_by_label("Hours").input_value() == "1.5"
