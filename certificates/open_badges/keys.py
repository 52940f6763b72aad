"""The issuer's Ed25519 keys: the one that signs now and the retired ones that still
verify what they signed.

Rules chosen here:
- Settings: OPEN_BADGES_SIGNING_KEY (base64 of the 32-byte private key) signs.
  OPEN_BADGES_RETIRED_KEYS lists earlier keys by their PUBLIC half only (the private half
  is destroyed at rotation), oldest first, comma-separated, each as
  `<base64 public key>@<YYYY-MM-DD>`: the day it stopped signing, published as the key's
  `expires` (Controlled Identifiers). Add `@revoked` for a key that leaked: it is then
  published as `revoked` and nothing it signed verifies any more.
- A key's id is `<issuer>#<its publicKeyMultibase>`: stable, whatever the list's order.
- Credentials signed before rotation existed name `<issuer>#key-1`. That id stays
  published for the oldest key (the first retired one, else the signing key).
"""

import base64
import binascii
import dataclasses
import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from certificates.open_badges.encoding import multibase_base58btc, multibase_base58btc_decode
from certificates.open_badges.proofs import timestamp

LEGACY_FRAGMENT = "key-1"
# Multicodec prefix of an Ed25519 public key, as Multikey's publicKeyMultibase expects.
ED25519_PUB_PREFIX = b"\xed\x01"


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return site(reverse("certificates_public:issuer"))


def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.OPEN_BADGES_SIGNING_KEY))


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    return multibase_base58btc(ED25519_PUB_PREFIX + public_key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    raw = multibase_base58btc_decode(value)
    if not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("Not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[len(ED25519_PUB_PREFIX) :])


def key_id(public_key: Ed25519PublicKey) -> str:
    return f"{issuer_id()}#{public_key_multibase(public_key)}"


def verification_method_id() -> str:
    """The id new proofs name: the signing key's."""
    return key_id(signing_key().public_key())


@dataclasses.dataclass(frozen=True)
class PublishedKey:
    public_key: Ed25519PublicKey
    expires: datetime.datetime | None = None
    revoked: datetime.datetime | None = None

    @property
    def multibase(self) -> str:
        return public_key_multibase(self.public_key)

    def usable_at(self, created: datetime.datetime) -> bool:
        """Whether a proof made at `created` verifies with this key."""
        if self.revoked is not None:
            return False
        return self.expires is None or created < self.expires

    def method(self, method_id: str) -> dict:
        method = {"id": method_id, "type": "Multikey", "controller": issuer_id(), "publicKeyMultibase": self.multibase}
        if self.expires:
            method["expires"] = timestamp(self.expires)
        if self.revoked:
            method["revoked"] = timestamp(self.revoked)
        return method


def parse_retired_key(entry: str) -> PublishedKey:
    key_text, _, rest = entry.strip().partition("@")
    day_text, _, marking = rest.partition("@")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text, validate=True))
        day = datetime.date.fromisoformat(day_text)
    except (ValueError, binascii.Error) as error:
        raise ImproperlyConfigured(
            "OPEN_BADGES_RETIRED_KEYS: each entry is <base64 public key>@<YYYY-MM-DD>[@revoked]"
        ) from error
    if marking not in ("", "revoked"):
        raise ImproperlyConfigured("OPEN_BADGES_RETIRED_KEYS: the only marking after the date is @revoked")
    moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    return PublishedKey(public_key, revoked=moment) if marking else PublishedKey(public_key, expires=moment)


def retired_keys() -> list[PublishedKey]:
    return [parse_retired_key(entry) for entry in getattr(settings, "OPEN_BADGES_RETIRED_KEYS", []) if entry.strip()]


def published_keys() -> dict[str, PublishedKey]:
    """Every key id the issuer answers for, in publishing order: the signing key, the
    retired keys, then the legacy `#key-1`."""
    current = PublishedKey(signing_key().public_key())
    retired = retired_keys()
    keys = {key_id(current.public_key): current}
    for key in retired:
        keys.setdefault(key_id(key.public_key), key)
    keys[f"{issuer_id()}#{LEGACY_FRAGMENT}"] = retired[0] if retired else current
    return keys


def key_for(verification_method: str) -> PublishedKey | None:
    return published_keys().get(verification_method)
