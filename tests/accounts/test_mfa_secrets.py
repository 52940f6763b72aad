"""Two-factor secrets are encrypted at rest with the field keys, and rotate with them."""

import importlib
import io
import json

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.services import totp_code_now, user_activate_totp
from tests.conftest import TOTP_SECRET
from tests.factories import PASSWORD, UserFactory

migration = importlib.import_module("accounts.migrations.0006_encrypt_mfa_secrets")


def raw_data(authenticator) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data FROM {Authenticator._meta.db_table} WHERE id = %s", [authenticator.pk])  # noqa: S608 (a model's own table)
        return cursor.fetchone()[0]


def sign_in(client, user, code) -> str:
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return client.post(reverse("mfa_authenticate"), {"code": code})["Location"]


def recovery_codes(user) -> tuple[Authenticator, list[str]]:
    codes = RecoveryCodes.activate(user)
    return codes.instance, codes.get_unused_codes()


@pytest.mark.django_db
def test_the_database_holds_no_plain_two_factor_secret(program_staff):
    totp = Authenticator.objects.get(user=program_staff, type=Authenticator.Type.TOTP)
    recovery, codes = recovery_codes(program_staff)
    raw_totp, raw_recovery = raw_data(totp), raw_data(recovery)
    assert TOTP_SECRET not in raw_totp
    assert json.loads(raw_totp)["secret"].startswith("gAAAAA")
    seed = get_adapter().decrypt(recovery.data["seed"])
    assert seed not in raw_recovery
    assert not any(code in raw_recovery for code in codes)


@pytest.mark.django_db
def test_sign_in_with_an_app_code_or_a_recovery_code_still_works(client, program_staff):
    assert sign_in(client, program_staff, totp_code_now(TOTP_SECRET)) == reverse("accounts:start")
    _recovery, codes = recovery_codes(program_staff)
    client.logout()
    assert sign_in(client, program_staff, codes[0]) == reverse("accounts:start")


@pytest.mark.django_db
def test_the_migration_encrypts_secrets_stored_in_plain_text_once(client):
    user = UserFactory(roles=["program_staff"])
    # As allauth's plain adapter stored them before.
    totp = Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    recovery = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    migration.encrypt_secrets(apps, None)
    once = raw_data(totp), raw_data(recovery)
    migration.encrypt_secrets(apps, None)
    assert (raw_data(totp), raw_data(recovery)) == once
    assert TOTP_SECRET not in once[0] and "abab" not in once[1] and "12345678" not in once[1]
    recovery.refresh_from_db()
    assert RecoveryCodes(recovery).get_unused_codes() == ["12345678"]
    assert sign_in(client, user, totp_code_now(TOTP_SECRET)) == reverse("accounts:start")
    # Going back leaves them as the plain adapter reads them.
    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    assert totp.data == {"secret": TOTP_SECRET}


@pytest.mark.django_db
def test_key_rotation_re_encrypts_two_factor_secrets(client, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    user = UserFactory(roles=["program_staff"])
    user_activate_totp(user=user, secret=TOTP_SECRET)
    recovery, codes = recovery_codes(user)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "mfa.Authenticator: 2 rows re-encrypted" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]
    recovery.refresh_from_db()
    assert RecoveryCodes(recovery).get_unused_codes() == codes
    assert sign_in(client, user, totp_code_now(TOTP_SECRET)) == reverse("accounts:start")
