"""Two-factor secrets are encrypted at rest from now on (accounts.adapters.MFAAdapter):
those stored in plain text before are encrypted here. Safe to run again: values that are
already tokens are left as they are. Going back decrypts them, for the plain adapter."""

from django.db import migrations

from accounts.adapters import authenticator_secrets_map
from cpse import crypto


def _encrypt(value: str) -> str:
    return value if crypto.is_token(value) else crypto.encrypt_text(value)


def _decrypt(value: str) -> str:
    return crypto.decrypt_text(value) if crypto.is_token(value) else value


def _apply(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    # A handful of rows (staff, sponsors and mentors set up two-step sign-in).
    for authenticator in Authenticator.objects.order_by("pk"):
        data = authenticator_secrets_map(authenticator.data, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _apply(apps, _encrypt)


def decrypt_secrets(apps, schema_editor):
    _apply(apps, _decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_mentor_role"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
