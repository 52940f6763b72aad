import uuid
from collections.abc import Callable

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth import get_user_model

from cpse import crypto
from cpse.notify.services import notification_queue_rendered
from cpse.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's sign-in limits key on the same client address as the project's own."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset) go through the outbox like every
        other message, so a mail-server failure delays them instead of losing them."""
        message = self.render_mail(template_prefix, email, context)
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        notification_queue_rendered(
            kind=template_prefix.rsplit("/", 1)[-1],
            # Each account email is its own message; allauth rate-limits how often they go.
            key=f"account:{uuid.uuid4()}",
            recipient=recipient,
            to_email=email,
            subject=message.subject,
            body=message.body,
        )


class MFAAdapter(DefaultMFAAdapter):
    """allauth keeps two-factor secrets (the authenticator app's key, the seed of the
    recovery codes) in a JSON column of its own model; they are encrypted at rest with the
    field keys, as every other sensitive value is (cpse.crypto)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt_text(encrypted_text)


def authenticator_secrets_map(data: dict, change: Callable[[str], str]) -> dict:
    """`data` of an allauth Authenticator with `change` applied to each value allauth passes
    through MFAAdapter.encrypt: the TOTP secret, the recovery codes' seed and any codes
    carried over from an older allauth."""
    data = dict(data)
    for key in ("secret", "seed"):
        if key in data:
            data[key] = change(data[key])
    if "migrated_codes" in data:
        data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data
