import pytest
from django.urls import reverse

from accounts.services import totp_code_now
from tests.conftest import TOTP_SECRET
from tests.factories import PASSWORD, UserFactory


def login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


@pytest.mark.django_db
def test_staff_login_asks_for_the_second_factor(client, program_staff):
    response = login(client, program_staff.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the dashboard still sends them to sign in.
    assert client.get(reverse("dashboard:home")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_now(TOTP_SECRET)})
    assert response["Location"] == reverse("accounts:start")
    assert client.get(reverse("accounts:start"))["Location"] == reverse("dashboard:home")
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_wrong_second_factor_keeps_the_person_out(client, program_staff):
    login(client, program_staff.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_staff_without_mfa_must_set_it_up_first(client):
    user = UserFactory(roles=["program_staff"])
    client.force_login(user)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The setup page itself is reachable (after confirming the password again).
    assert client.get(reverse("mfa_activate_totp"), follow=True).status_code == 200


@pytest.mark.django_db
def test_sponsor_without_mfa_must_set_it_up_first(client):
    user = UserFactory(roles=["sponsor"])
    client.force_login(user)
    assert client.get(reverse("sponsors:portal"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_applicant_signs_in_without_second_factor(client, applicant):
    response = login(client, applicant.email)
    assert response["Location"] == reverse("accounts:start")
    assert client.get(reverse("accounts:start"))["Location"] == reverse("cohorts:my_program")


@pytest.mark.django_db
def test_sponsor_lands_on_the_portal(client, sponsor):
    client.force_login(sponsor)
    assert client.get(reverse("accounts:start"))["Location"] == reverse("sponsors:portal")


@pytest.mark.django_db
def test_wrong_password_is_rate_limited(client, applicant):
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": applicant.email, "password": "wrong-password"})
        assert response.status_code == 200
    # Past the limit even the right password is refused, with a plain message.
    response = login(client, applicant.email)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/back-office/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_admin_refuses_non_superusers(client, program_staff):
    client.force_login(program_staff)
    assert client.get("/back-office/login/").status_code == 403


@pytest.mark.django_db
def test_a_password_reset_does_not_skip_the_second_factor(client, program_staff, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": program_staff.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": "a-New-long-password-7", "password2": "a-New-long-password-7"})
    assert response.status_code == 302
    # Not signed in by the reset, and signing in still asks for the code.
    assert client.get(reverse("dashboard:home")).status_code == 302
    response = client.post(
        reverse("account_login"), {"login": program_staff.email, "password": "a-New-long-password-7"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
