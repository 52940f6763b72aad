from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cpse.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `manage.py backup`: checks its manifest and the field "
        "keys first, refuses a database that holds tables unless --replace, migrates forward."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Drop what the database and MEDIA_ROOT hold, then restore."
        )

    def handle(self, *args, folder, replace, **options):
        try:
            result = backup_restore(folder=folder, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {result.rows} rows in {result.tables} tables from {result.folder}")
        if result.migrated:
            self.stdout.write("Migrated forward to this version.")
