from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from cpse.crypto import EncryptedTextField, rotations

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS. "
        "Run after putting a new key first; then the old key can be removed."
    )

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            count = 0
            # Reading decrypts with any listed key; saving encrypts with the first one.
            rows = model._base_manager.only("pk", *fields).order_by("pk")
            batch = []
            for row in rows.iterator(chunk_size=BATCH):
                batch.append(row)
                if len(batch) == BATCH:
                    count += self._save(model, batch, fields)
                    batch = []
            count += self._save(model, batch, fields)
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted ({', '.join(fields)})")
        # Values kept outside encrypted columns (cpse.crypto.register_rotation).
        for name, rotate in rotations().items():
            self.stdout.write(f"{name}: {rotate()} rows re-encrypted")

    def _save(self, model, batch, fields) -> int:
        if batch:
            with transaction.atomic():
                model._base_manager.bulk_update(batch, fields)
        return len(batch)
