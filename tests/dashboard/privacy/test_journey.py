"""A whole journey with every log line and every email captured, then searched for what
the person typed: their name, email, phone and safe-contact note must appear nowhere they
should not (SECURITY.md: "No personal data in URLs, email subjects, log lines")."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ErasureRequest, User
from cpse.logging import RedactPersonalData

NAME = "Marisol Quintero"
EMAIL = "marisol.quintero@example.org"
PHONE = "555 201 3344"
NOTE = "Only after 7pm, the phone is shared"
PASSWORD = "a-Long-journey-password-9"


@pytest.fixture
def captured_logs():
    """Every record at DEBUG and above, as the configured handlers would write it."""
    records: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Capture(level=logging.DEBUG)
    handler.addFilter(RedactPersonalData())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(old_level)


# Transactional: each step commits, so its messages are queued and sent as in real life.
@pytest.mark.django_db(transaction=True)
def test_a_full_journey_leaks_nothing(client, program_staff, captured_logs):
    urls = []

    def get(url, **kwargs):
        urls.append(url)
        return client.get(url, **kwargs)

    def post(url, data=None, **kwargs):
        urls.append(url)
        return client.post(url, data or {}, **kwargs)

    get("/")
    post(
        reverse("account_signup"), {"email": EMAIL, "display_name": NAME, "password1": PASSWORD, "password2": PASSWORD}
    )
    confirm_url = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)
    post(confirm_url)
    post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    post(
        reverse("accounts:profile"),
        {
            "display_name": NAME,
            "legal_name": NAME,
            "phone": PHONE,
            "preferred_language": "en",
            "safe_contact": "text",
            "safe_contact_note": NOTE,
        },
    )
    get(reverse("cohorts:my_program"))
    get(reverse("accounts:my_data"))
    get(reverse("accounts:my_data_download"))
    post(reverse("accounts:my_data_erasure"), {"confirm": "on"})
    # A bad request on the way, logged by Django.
    get("/no-such-page/")
    client.force_login(program_staff)
    erasure = ErasureRequest.objects.get(user__email=EMAIL)
    get(reverse("dashboard:erasure_request", args=[erasure.public_id]))
    post(reverse("dashboard:erasure_request_confirm", args=[erasure.public_id]))

    assert not User.objects.filter(email=EMAIL).exists()
    secrets = [NAME, "Marisol", "Quintero", EMAIL, PHONE, NOTE, "7pm"]
    logs = "\n".join(captured_logs)
    assert captured_logs, "the journey should have logged something"
    for secret in secrets:
        assert secret not in logs, f"{secret!r} reached the logs"
        for url in urls:
            assert secret not in url, f"{secret!r} in a URL"
    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        for secret in secrets:
            assert secret not in message.subject
            assert secret not in message.body
