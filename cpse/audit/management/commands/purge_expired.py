from django.core.management.base import BaseCommand

from cpse import data_rights
from cpse.audit.services import purge_runs_record


class Command(BaseCommand):
    help = "Count (default) or remove what is past its retention period. Run without --apply first."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Remove the rows, not only count them.")

    def handle(self, *args, apply, **options):
        counts = data_rights.purge_expired(dry_run=not apply)
        purge_runs_record(counts=counts, dry_run=not apply)
        verb = "Removed" if apply else "Would remove"
        for name, count in counts.items():
            self.stdout.write(f"{verb} {count} {name.replace('_', ' ')}")
