import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from cpse.notify.models import Notification


@pytest.mark.django_db
def test_a_person_updates_their_details(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Ana M.",
            "legal_name": "",
            "phone": "",
            "preferred_language": "es",
            "safe_contact": "text",
            "safe_contact_note": "No calls at work",
        },
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.display_name, applicant.preferred_language, applicant.safe_contact) == ("Ana M.", "es", "text")
    assert applicant.safe_contact_note == "No calls at work"
    assert response.cookies["django_language"].value == "es"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("display_name", "   ", "Please tell us what to call you."),
        ("display_name", "x" * 81, "Ensure this value has at most 80 characters"),
        ("safe_contact", "carrier-pigeon", "Select a valid choice."),
        ("preferred_language", "fr", "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(client, applicant, field, value, error):
    client.force_login(applicant)
    data = {
        "display_name": "Ana",
        "legal_name": "",
        "phone": "555 0100",
        "preferred_language": "en",
        "safe_contact": "email",
        "safe_contact_note": "Evenings are fine",
    }
    data[field] = value
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "555 0100" in page and "Evenings are fine" in page
    applicant.refresh_from_db()
    assert applicant.display_name == "Applicant Ana"


@pytest.mark.django_db
def test_sign_up_asks_for_the_name_to_use_and_verifies_email_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "new.person@example.org",
                "display_name": "Sky",
                "password1": "a-Long-test-password-1",
                "password2": "a-Long-test-password-1",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.display_name == "Sky"
    notification = Notification.objects.get(recipient=user)
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert "Sky" not in mail.outbox[0].body
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_sign_up_errors_keep_what_was_typed(client):
    response = client.post(
        reverse("account_signup"), {"email": "not-an-email", "display_name": "Sky", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Sky"' in page
    assert 'value="not-an-email"' in page
    assert not User.objects.filter(display_name="Sky").exists()
