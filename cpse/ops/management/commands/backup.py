from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cpse.ops.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Write one dated backup folder (database, private files, manifest) under BACKUP_DIR "
        "and keep the newest BACKUP_KEEP. The keys are never in it: keep them apart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=None, help="Folder to write into (default BACKUP_DIR).")
        parser.add_argument("--keep", type=int, default=None, help="How many backups to keep (default BACKUP_KEEP).")

    def handle(self, *args, to, keep, **options):
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be 1 or more")
        try:
            folder = backup_create(destination=to)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        removed = backups_prune(destination=to, keep=keep)
        self.stdout.write(f"Backup written: {folder}")
        if removed:
            self.stdout.write(f"Older backups removed: {len(removed)}")
