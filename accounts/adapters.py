import datetime
import uuid
from collections.abc import Callable

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cpse import crypto
from cpse.notify.services import notification_links_mark_used, notification_queue_rendered
from cpse.ratelimit import client_ip

# allauth's emails that carry a one-time link, by kind (the template's name).
CONFIRMATION_KINDS = ("email_confirmation", "email_confirmation_signup")
RESET_KINDS = ("password_reset_key",)


def link_lifetime(kind: str) -> datetime.timedelta | None:
    """How long the link in an account email of `kind` works (allauth's and Django's
    settings); None for the emails without such a link."""
    if kind in CONFIRMATION_KINDS:
        return datetime.timedelta(days=account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS)
    if kind in RESET_KINDS:
        return datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's sign-in limits key on the same client address as the project's own."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset) go through the outbox like every
        other message, so a mail-server failure delays them instead of losing them."""
        message = self.render_mail(template_prefix, email, context)
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        kind = template_prefix.rsplit("/", 1)[-1]
        lifetime = link_lifetime(kind)
        notification_queue_rendered(
            kind=kind,
            # Each account email is its own message; allauth rate-limits how often they go.
            key=f"account:{uuid.uuid4()}",
            recipient=recipient,
            to_email=email,
            subject=message.subject,
            body=message.body,
            link_expires_at=timezone.now() + lifetime if lifetime else None,
        )

    def confirm_email(self, request, email_address) -> bool:
        """A confirmed address: the confirmation links sent to the person are used up."""
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            notification_links_mark_used(recipient=email_address.user, kinds=CONFIRMATION_KINDS)
        return confirmed

    def set_password(self, user, password) -> None:
        """A new password (reset or changed) ends every password reset link sent before
        (Django's reset tokens hash the password), so their messages are used up."""
        super().set_password(user, password)
        notification_links_mark_used(recipient=user, kinds=RESET_KINDS)

    def login(self, request, user) -> None:
        """Signing in ends the password reset links sent before, too (Django's reset tokens
        hash the time of the last sign-in)."""
        super().login(request, user)
        notification_links_mark_used(recipient=user, kinds=RESET_KINDS)


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
