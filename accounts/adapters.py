import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model

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
