"""Encryption at rest for sensitive fields (SECURITY.md, docs/security.md).

Values are Fernet tokens made with the first key of FIELD_ENCRYPTION_KEYS; any key in
the list decrypts, so keys rotate by putting a new one first and re-saving
(`manage.py rotate_field_keys`). Encrypted columns cannot be searched or filtered by
value: that is the point.

Values encrypted with these keys outside an EncryptedTextField column (allauth's
two-factor secrets, inside a JSON column of its own model) register how to re-encrypt
them with `register_rotation`, so that the rotation reaches every one of them.
"""

import datetime
import functools
import json
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {exc}") from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(plain: str) -> str:
    return fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with the configured FIELD_ENCRYPTION_KEYS"
        ) from None


def rotate_token(token: str) -> str:
    """The same value encrypted again with the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def is_token(value: str) -> bool:
    """Whether `value` is already a Fernet token rather than plain text: every token starts
    with the version byte 0x80 and a timestamp whose high bytes are zero ("gAAAAA"), which
    no base32 or hexadecimal secret can."""
    return value.startswith("gAAAAA")


_rotations: dict[str, Callable[[], int]] = {}


def register_rotation(name: str, rotate: Callable[[], int]) -> None:
    """`rotate()` re-encrypts values kept outside encrypted columns; returns how many rows."""
    _rotations[name] = rotate


def rotations() -> dict[str, Callable[[], int]]:
    return dict(_rotations)


class EncryptedTextField(models.TextField):
    """A text value stored encrypted. Empty strings stay empty (nothing to hide)."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.to_python(decrypt_text(value))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(self.value_to_string_plain(value))

    def value_to_string_plain(self, value) -> str:
        return str(value)

    def get_lookup(self, lookup_name):
        # Ciphertexts differ on every save, so only emptiness can be asked about.
        if lookup_name not in {"isnull", "exact"}:
            return None
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted (for example, the date of exit from exploitation)."""

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, datetime.date):
            return value or None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{self.name} holds an invalid date") from None

    def value_to_string_plain(self, value) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    def formfield(self, **kwargs):
        from django import forms

        return models.Field.formfield(self, form_class=forms.DateField, **kwargs)


class EncryptedJSONField(EncryptedTextField):
    """A small JSON document stored encrypted (for example, eligibility answers)."""

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, dict | list):
            return value if value not in ("", None) else {}
        try:
            return json.loads(value)
        except ValueError:
            raise ValueError(f"{self.name} holds invalid JSON") from None

    def value_to_string_plain(self, value) -> str:
        return json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder)

    def get_prep_value(self, value):
        if value in (None, {}, []):
            return ""
        return encrypt_text(self.value_to_string_plain(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return {}
        return json.loads(decrypt_text(value))

    def formfield(self, **kwargs):
        return None
