"""Downloading one's data and changing the sign-in email or password ask to confirm it is
me (password, and the second step for those who have one) unless I did so recently."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.services import totp_code_now
from tests.conftest import TOTP_SECRET, reauthenticate
from tests.factories import PASSWORD

PAGES = ["accounts:my_data_download", "account_email", "account_change_password"]
NEW_PASSWORD = "another-Long-password-2"


def confirm_url(step: str, url: str) -> str:
    return f"{reverse(step)}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_without_a_recent_authentication_the_page_asks_for_the_password_first(client, applicant, name):
    client.force_login(applicant)
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == confirm_url("account_reauthenticate", url)
    # The password is asked for, and the person comes back to where they were going.
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_a_person_with_a_second_step_confirms_both(client, program_staff, name):
    client.force_login(program_staff)
    url = reverse(name)
    client.post(confirm_url("account_reauthenticate", url), {"password": PASSWORD})
    response = client.get(url)
    assert response["Location"] == confirm_url("mfa_reauthenticate", url)
    response = client.post(response["Location"], {"code": totp_code_now(TOTP_SECRET)})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_recent_sign_in_counts_until_the_timeout(client, applicant, settings, time_machine):
    time_machine.move_to("2027-03-01 10:00 -05:00", tick=False)
    client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    url = reverse("accounts:my_data_download")
    assert client.get(url).status_code == 200
    time_machine.shift(settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1)
    assert client.get(url)["Location"] == confirm_url("account_reauthenticate", url)


@pytest.mark.django_db
def test_a_sign_in_with_both_steps_counts_for_both(client, program_staff):
    client.post(reverse("account_login"), {"login": program_staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code_now(TOTP_SECRET)})
    assert client.get(reverse("account_email")).status_code == 200


@pytest.mark.django_db
def test_the_password_is_not_changed_without_a_recent_authentication(client, applicant):
    client.force_login(applicant)
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(reverse("account_change_password"), data)
    assert response["Location"] == confirm_url("account_reauthenticate", reverse("account_change_password"))
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)
    reauthenticate(client)
    assert client.post(reverse("account_change_password"), data).status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_no_email_address_is_added_without_a_recent_authentication(client, applicant):
    client.force_login(applicant)
    data = {"email": "new-address@example.org", "action_add": ""}
    response = client.post(reverse("account_email"), data)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new-address@example.org").exists()
    reauthenticate(client)
    assert client.post(reverse("account_email"), data).status_code == 302
    assert EmailAddress.objects.filter(user=applicant, email="new-address@example.org").exists()
