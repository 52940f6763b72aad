from django.core.management.base import BaseCommand

from dashboard.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, PILOT, SPONSORS, STAFF, demo_email


class Command(BaseCommand):
    help = "Print the site address and the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        lines = [
            "",
            f"CPSE Manager is starting at http://127.0.0.1:{port}/",
            f"Demo sign-ins (password for all: {DEMO_PASSWORD}):",
            *(f"  {role.label:<26} {demo_email(local)}" for local, _, role in STAFF),
            *(f"  {'Sponsor (' + kind.label.lower() + ')':<26} {demo_email(local)}" for _, kind, local, _ in SPONSORS),
            f"  {'Participant (2025)':<26} {demo_email(PILOT[0][0])}",
            f"  {'Applicant':<26} {demo_email('applicant')}",
            f"  {'Back office (admin)':<26} {demo_email('admin')}",
            "Staff, sponsors and admin are asked for a two-factor code: run",
            "  .venv/bin/python manage.py demo_code EMAIL",
            f"or add the demo secret {DEMO_TOTP_SECRET} to an authenticator app.",
            "",
        ]
        self.stdout.write("\n".join(lines))
