import time

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_SEEN, SESSION_STARTED
from tests.conftest import reauthenticate
from tests.factories import PASSWORD


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


@pytest.mark.django_db
def test_an_idle_session_ends_with_a_calm_message(client, participant, settings):
    client.force_login(participant.user)
    assert client.get(reverse("cohorts:my_program")).status_code == 200
    _age_session(client, **{SESSION_SEEN: settings.SESSION_IDLE_SECONDS + 5})
    response = client.get(reverse("cohorts:my_program"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out to protect your privacy." in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_activity_keeps_a_session_alive(client, participant, settings):
    client.force_login(participant.user)
    client.get(reverse("cohorts:my_program"))
    _age_session(client, **{SESSION_SEEN: settings.SESSION_IDLE_SECONDS - 30})
    assert client.post(reverse("accounts:keep_alive")).status_code == 204
    assert time.time() - client.session[SESSION_SEEN] < 5
    assert client.get(reverse("cohorts:my_program")).status_code == 200


@pytest.mark.django_db
def test_a_session_ends_after_its_absolute_lifetime_even_when_active(client, participant, settings):
    client.force_login(participant.user)
    client.get(reverse("cohorts:my_program"))
    _age_session(client, **{SESSION_STARTED: settings.SESSION_ABSOLUTE_SECONDS + 5, SESSION_SEEN: 1})
    assert client.get(reverse("cohorts:my_program")).status_code == 302


@pytest.mark.django_db
def test_deactivation_ends_sessions(client, participant):
    client.force_login(participant.user)
    participant.user.is_active = False
    participant.user.save()
    assert client.get(reverse("cohorts:my_program")).status_code == 302


@pytest.mark.django_db
def test_a_password_change_ends_the_other_sessions(client, participant):
    from django.test import Client

    other_device = Client()
    other_device.force_login(participant.user)
    client.force_login(participant.user)
    reauthenticate(client)  # changing the password asks to confirm it is me first
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-Long-password-2", "password2": "another-Long-password-2"},
    )
    assert response.status_code == 302
    assert client.get(reverse("cohorts:my_program")).status_code == 200
    assert other_device.get(reverse("cohorts:my_program")).status_code == 302


@pytest.mark.django_db
def test_a_person_sees_where_they_are_signed_in(client, participant):
    client.post(reverse("account_login"), {"login": participant.user.email, "password": PASSWORD})
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_keep_alive_takes_post_only(client, participant):
    client.force_login(participant.user)
    assert client.get(reverse("accounts:keep_alive")).status_code == 405
