from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import totp_code_now


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_code is for local and demo sites only.")
        # Demo accounts only: their addresses end in .invalid.
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, user__email__endswith=".invalid", type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError("No demo account with two-factor authentication has that email address.")
        self.stdout.write(totp_code_now(get_adapter().decrypt(authenticator.data["secret"])))
