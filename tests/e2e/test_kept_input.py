"""Two people, one browser (a shelter's or a library's computer): the first is signed out
by the idle timeout while typing her profile; the second signs in on the same browser and
sees none of it; when the first signs in again, what she typed was discarded, not kept
for her, because someone else signed in between."""

import datetime

from django.conf import settings
from django.urls import reverse

from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in

PRIVATE = ("Alma Legal-Name", "555-0199", "Only after 6pm")


def test_kept_input_never_reaches_the_next_person(page, time_machine, participant, other_participant):
    time_machine.move_to(datetime.datetime.now(datetime.UTC), tick=True)
    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto(reverse("accounts:profile"))
    page.get_by_label("Legal name").fill(PRIVATE[0])
    page.get_by_label("Phone", exact=True).fill(PRIVATE[1])
    page.get_by_label("Anything else about reaching you safely").fill(PRIVATE[2])
    # She steps away; the session ends while the form is open. Save keeps what she typed.
    time_machine.shift(datetime.timedelta(seconds=settings.SESSION_IDLE_SECONDS + 60))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("You were signed out to protect your privacy.").wait_for()

    # The next person signs in on the same browser.
    sign_in(page, other_participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto(reverse("accounts:profile"))
    page.get_by_label("Legal name").wait_for()
    content = page.content()
    assert not any(text in content for text in PRIVATE)
    assert "We kept what you typed" not in content
    assert_accessible(page)

    # They sign out; she comes back: nothing of hers was kept across another person.
    page.goto(reverse("account_logout"))
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto(reverse("accounts:profile"))
    page.get_by_label("Legal name").wait_for()
    assert not any(text in page.content() for text in PRIVATE)
