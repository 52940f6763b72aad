import sys

from django.core.management.base import BaseCommand

from cpse.ops.doctor import DANGER, doctor_findings


class Command(BaseCommand):
    help = "Print the configuration a deployer must check; exits 1 when anything is dangerous."

    def handle(self, *args, **options):
        findings = doctor_findings()
        for finding in findings:
            self.stdout.write(f"{finding.level:<6} {finding.topic}: {finding.text}")
        dangers = sum(finding.level == DANGER for finding in findings)
        if dangers:
            self.stderr.write(f"{dangers} dangerous setting(s): fix them before serving real people.")
            sys.exit(1)
