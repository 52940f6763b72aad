"""Nothing passes between people on a shared computer: input kept after a session timeout
belongs to the person who typed it. It is offered back only to them; another person
signing in on the same browser discards it unseen, and so do signing out and the quick
exit (which ends any session, signed in or not)."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_SEEN
from cpse.forms import UNSAVED_INPUT
from tests.factories import PASSWORD

TYPED = {
    "display_name": "Alma",
    "legal_name": "ALMA-LEGAL-NAME",
    "phone": "555-0100",
    "safe_contact_note": "SAFE-CONTACT-NOTE",
    "preferred_language": "en",
}
PRIVATE = ("ALMA-LEGAL-NAME", "555-0100", "SAFE-CONTACT-NOTE")


def time_out_while_typing(client, user, settings) -> None:
    """`user` types their profile, and their session has ended when they press Save."""
    client.force_login(user)
    client.get(reverse("accounts:profile"))
    session = client.session
    session[SESSION_SEEN] = time.time() - settings.SESSION_IDLE_SECONDS - 60
    session.save()
    response = client.post(reverse("accounts:profile"), TYPED)
    assert response["Location"].startswith(reverse("account_login"))
    assert UNSAVED_INPUT in client.session


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def profile_page(client) -> str:
    return client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.django_db
def test_the_person_who_typed_it_gets_it_back(client, participant, settings):
    time_out_while_typing(client, participant.user, settings)
    sign_in(client, participant.user)
    page = profile_page(client)
    assert "We kept what you typed" in page and "SAFE-CONTACT-NOTE" in page


@pytest.mark.django_db
def test_the_next_person_on_the_same_browser_never_sees_it(client, participant, other_participant, settings):
    time_out_while_typing(client, participant.user, settings)
    sign_in(client, other_participant.user)
    page = profile_page(client)
    assert not any(text in page for text in PRIVATE)
    assert "We kept what you typed" not in page
    assert UNSAVED_INPUT not in client.session
    # Discarded, not only hidden: the person who typed it signs in later and it is gone.
    client.post(reverse("account_logout"))
    sign_in(client, participant.user)
    assert "SAFE-CONTACT-NOTE" not in profile_page(client)


@pytest.mark.django_db
def test_the_quick_exit_discards_it(client, participant, settings):
    time_out_while_typing(client, participant.user, settings)
    assert client.post(reverse("accounts:leave")).status_code == 204
    assert UNSAVED_INPUT not in client.session
    sign_in(client, participant.user)
    assert "SAFE-CONTACT-NOTE" not in profile_page(client)


@pytest.mark.django_db
def test_the_quick_exit_signs_a_person_out(client, participant):
    client.force_login(participant.user)
    assert client.post(reverse("accounts:leave")).status_code == 204
    assert client.get(reverse("cohorts:my_program"))["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_kept_input_for_another_page_stays_until_its_page(client, participant, settings):
    time_out_while_typing(client, participant.user, settings)
    sign_in(client, participant.user)
    client.get(reverse("cohorts:my_program"))
    assert UNSAVED_INPUT in client.session
    assert "SAFE-CONTACT-NOTE" in profile_page(client)
