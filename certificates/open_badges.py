"""The certificate as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable
Credential, data model 2.0), signed with the program's Ed25519 key.

Choices (docs/decisions.md material):
- Proof: an embedded Data Integrity proof with the `eddsa-jcs-2022` cryptosuite, so the
  file stays plain JSON (wallets and the official JSON schema read it as is). JCS here is
  `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)` in UTF-8: the
  document holds only strings and lists, where that is exactly RFC 8785.
- Key: settings.OPEN_BADGES_SIGNING_KEY (base64 of 32 bytes). The public half is
  published as a Multikey in the issuer Profile at /verify/issuer/; the proof's
  `verificationMethod` is that key's id (`<issuer>#key-1`).
- Status: the file's own address answers the current status. A revoked or replaced
  certificate's badge.json answers 410 with a short JSON message; `credentialStatus`
  points at the human verification page, which always shows the current state.
- The subject is named by the displayed name only (no email, no account id).
"""

import base64
import datetime
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from certificates.models import Certificate
from cohorts.models import Requirement

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
CRYPTOSUITE = "eddsa-jcs-2022"
KEY_FRAGMENT = "key-1"
# Multicodec prefix of an Ed25519 public key, as Multikey's publicKeyMultibase expects.
ED25519_PUB_PREFIX = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# --- Encoding helpers -------------------------------------------------------------------


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, rest = divmod(number, 58)
        encoded = BASE58_ALPHABET[rest] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + BASE58_ALPHABET.index(char)
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def canonical_json(value) -> bytes:
    """JCS (RFC 8785) for documents of strings, lists and objects."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Keys and the issuer ----------------------------------------------------------------


def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.OPEN_BADGES_SIGNING_KEY))


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58btc(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("Only base58btc multibase keys are read")
    raw = base58btc_decode(value[1:])
    if not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("Not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[len(ED25519_PUB_PREFIX) :])


def issuer_id() -> str:
    return _site(reverse("certificates_public:issuer"))


def verification_method_id() -> str:
    return f"{issuer_id()}#{KEY_FRAGMENT}"


def issuer_profile(*, with_key: bool = False) -> dict:
    """The issuer as an OB 3.0 Profile; with its public key for /verify/issuer/."""
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": str(settings.PROGRAM_ORGANISATION),
        "url": settings.SITE_URL,
    }
    if with_key:
        key = {
            "id": verification_method_id(),
            "type": "Multikey",
            "controller": issuer_id(),
            "publicKeyMultibase": public_key_multibase(signing_key().public_key()),
        }
        profile = {
            "@context": [VC_CONTEXT, OB_CONTEXT, MULTIKEY_CONTEXT],
            **profile,
            "verificationMethod": [key],
            "assertionMethod": [key["id"]],
        }
    return profile


# --- The credential ---------------------------------------------------------------------


def criteria_narrative(certificate: Certificate) -> str:
    """The requirements in words, from the requirement set the participant completed."""
    requirement_set = certificate.participant.cohort.requirement_set
    lines = []
    for requirement in requirement_set.requirements.all():
        if requirement.kind == Requirement.Kind.HOURS:
            lines.append(
                ngettext("%(amount)s hour: %(what)s", "%(amount)s hours: %(what)s", requirement.plural_count)
                % {"amount": f"{requirement.amount.normalize():f}", "what": requirement.get_category_display()}
            )
        elif requirement.kind == Requirement.Kind.CHECKINS:
            lines.append(
                ngettext("%(amount)s check-in: %(what)s", "%(amount)s check-ins: %(what)s", requirement.plural_count)
                % {"amount": f"{requirement.amount.normalize():f}", "what": requirement.get_category_display()}
            )
        else:
            lines.append(gettext("Passed: %(what)s") % {"what": requirement.get_category_display()})
    intro = gettext("Everyone who holds this credential completed:")
    return "\n".join([intro, *(f"- {line}" for line in lines)])


def badge_url(certificate: Certificate) -> str:
    return _site(reverse("certificates_public:badge", args=[certificate.number]))


def badge_document(certificate: Certificate) -> dict:
    """The unsigned credential. Written in the site's default language, so the signed
    file is the same whoever fetches it."""
    credential = certificate.credential
    with translation.override(settings.LANGUAGE_CODE):
        description = credential.description or gettext(
            "A credential for peer support work with people affected by exploitation, awarded by %(issuer)s."
        ) % {"issuer": settings.PROGRAM_ORGANISATION}
        narrative = criteria_narrative(certificate)
    issued = datetime.datetime.combine(certificate.issued_on, datetime.time.min, tzinfo=datetime.UTC)
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": badge_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "validFrom": _timestamp(issued),
        "name": credential.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.displayed_name,
            # OB 3.0 asks for an `id` or an `identifier`: the name the person chose, in
            # plain text (already public on the verification page), never an email.
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.displayed_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": f"{issuer_id()}#achievement-{credential.abbreviation}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": credential.name,
                "description": description,
                "criteria": {"narrative": narrative},
            },
        },
        "credentialStatus": {
            "id": _site(reverse("certificates_public:verify_number", args=[certificate.number])),
            "type": "CpseVerificationPage",
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if certificate.expires_on:
        until = datetime.datetime.combine(certificate.expires_on, datetime.time(23, 59, 59), tzinfo=datetime.UTC)
        document["validUntil"] = _timestamp(until)
    return document


# --- Data Integrity proof (eddsa-jcs-2022) ----------------------------------------------


def _hash_data(document: dict, proof_config: dict) -> bytes:
    return hashlib.sha256(canonical_json(proof_config)).digest() + hashlib.sha256(canonical_json(document)).digest()


def badge_sign(document: dict, *, created: datetime.datetime | None = None) -> dict:
    proof = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created or timezone.now()),
        "verificationMethod": verification_method_id(),
        "proofPurpose": "assertionMethod",
    }
    signature = signing_key().sign(_hash_data(document, proof))
    return {**document, "proof": [{**proof, "proofValue": "z" + base58btc(signature)}]}


def badge_verify(signed: dict, public_key: Ed25519PublicKey) -> bool:
    """True when the document's one proof verifies with `public_key`."""
    document = {key: value for key, value in signed.items() if key != "proof"}
    proofs = signed.get("proof") or []
    if len(proofs) != 1:
        return False
    proof_config = {key: value for key, value in proofs[0].items() if key != "proofValue"}
    value = proofs[0].get("proofValue", "")
    if proof_config.get("cryptosuite") != CRYPTOSUITE or proof_config.get("@context") != document.get("@context"):
        return False
    if not value.startswith("z"):
        return False
    try:
        public_key.verify(base58btc_decode(value[1:]), _hash_data(document, proof_config))
    except (InvalidSignature, ValueError):
        return False
    return True


def signed_badge(certificate: Certificate) -> dict:
    """The file served at badge.json; `created` is the certificate's own creation, so
    fetching twice gives the same bytes."""
    return badge_sign(badge_document(certificate), created=certificate.created_at)
