import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from accounts.models import User
from cpse import crypto
from tests.factories import UserFactory


def raw_column(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test-only names)
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_safe_contact_notes_hold_no_plain_text_in_the_database():
    user = UserFactory(safe_contact_note="Only call after 6pm, shared phone")
    raw = raw_column("accounts_user", "safe_contact_note", user.pk)
    assert "6pm" not in raw
    assert raw.startswith("gAAAA")
    assert User.objects.get(pk=user.pk).safe_contact_note == "Only call after 6pm, shared phone"


@pytest.mark.django_db
def test_empty_values_stay_empty():
    user = UserFactory(safe_contact_note="")
    assert raw_column("accounts_user", "safe_contact_note", user.pk) == ""


def test_keys_rotate(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    token = crypto.encrypt_text("a date of exit")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt_text(token) == "a date of exit"
    rotated = crypto.rotate_token(token)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt_text(rotated) == "a date of exit"
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt_text(token)


def test_a_bad_key_is_reported_clearly(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        crypto.encrypt_text("x")


def test_encrypted_dates_round_trip():
    field = crypto.EncryptedDateField()
    field.name = "exit_date"
    token = field.get_prep_value(datetime.date(2019, 5, 31))
    assert "2019" not in token
    assert field.from_db_value(token, None, connection) == datetime.date(2019, 5, 31)
    assert field.get_prep_value(None) is None


def test_encrypted_fields_cannot_be_searched():
    assert crypto.EncryptedTextField().get_lookup("icontains") is None
    assert crypto.EncryptedTextField().get_lookup("isnull") is not None


@pytest.mark.django_db
def test_the_rotation_command_re_encrypts_every_encrypted_column(settings):
    from django.core.management import call_command

    from cpse.notify.services import notification_queue

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    user = UserFactory(safe_contact_note="weekends only")
    notification = notification_queue(kind="new_message", key="rotate", recipient=user)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert User.objects.get(pk=user.pk).safe_contact_note == "weekends only"
    notification.refresh_from_db()
    assert "/" in notification.body
