"""The certificate as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable
Credential, data model 2.0), signed with the program's Ed25519 key.

Rules chosen here (docs/decisions.md, "Open Badges: proofs, status, issuer"):
- Proofs: a proof set of two Data Integrity proofs, `eddsa-rdfc-2022` (the suite 1EdTech's
  conformance lists; RDF canonicalisation over the bundled contexts, never fetched) and
  `eddsa-jcs-2022` (RFC 8785 JCS; plain JSON tools can check it). See `proofs`.
- Key: the signing key is published as a Multikey in the issuer Profile at
  /verify/issuer/, with retired keys still listed (see `keys`). New proofs name the key
  by its multibase id; files signed before rotation existed name `#key-1`, still valid.
- Status: `credentialStatus` is a `BitstringStatusListEntry` into the signed revocation
  list at /verify/status-list/ (see `status_list`), so any standard verifier holding the
  file sees a revocation. The file's own address still answers 410 once revoked.
- The subject is named by the displayed name only (no email, no account id).

The public names (`signed_badge`, `badge_verify`, `issuer_profile`, `badge_url`, ...) are
re-exported here for the rest of the app.
"""

import datetime
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from certificates.models import Certificate
from certificates.open_badges import proofs, status_list
from certificates.open_badges.encoding import base58btc, base58btc_decode, canonical_json
from certificates.open_badges.jsonld import CID_CONTEXT, OB_CONTEXT, VC_CONTEXT
from certificates.open_badges.keys import (
    issuer_id,
    key_for,
    public_key_from_multibase,
    public_key_multibase,
    published_keys,
    signing_key,
    site,
    verification_method_id,
)
from certificates.open_badges.proofs import CRYPTOSUITES, timestamp
from cohorts.models import Requirement

__all__ = [
    "CID_CONTEXT",
    "CRYPTOSUITES",
    "OB_CONTEXT",
    "OB_SCHEMA",
    "VC_CONTEXT",
    "badge_document",
    "badge_sign",
    "badge_url",
    "badge_verify",
    "badge_verify_with_issuer_keys",
    "base58btc",
    "base58btc_decode",
    "canonical_json",
    "criteria_narrative",
    "issuer_id",
    "issuer_profile",
    "public_key_from_multibase",
    "public_key_multibase",
    "signed_badge",
    "signed_status_list",
    "signing_key",
    "verification_method_id",
]

OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"


# --- The issuer ---------------------------------------------------------------------------


def issuer_profile(*, with_key: bool = False) -> dict:
    """The issuer as an OB 3.0 Profile; with its keys (a controlled identifier document)
    for /verify/issuer/."""
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": str(settings.PROGRAM_ORGANISATION),
        "url": settings.SITE_URL,
    }
    if with_key:
        methods = [key.method(method_id) for method_id, key in published_keys().items()]
        profile = {
            "@context": [VC_CONTEXT, OB_CONTEXT, CID_CONTEXT],
            **profile,
            "verificationMethod": methods,
            "assertionMethod": [method["id"] for method in methods if "revoked" not in method],
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
    return site(reverse("certificates_public:badge", args=[certificate.number]))


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
        "validFrom": timestamp(issued),
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
        "credentialStatus": status_list.status_entry(certificate),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if certificate.expires_on:
        until = datetime.datetime.combine(certificate.expires_on, datetime.time(23, 59, 59), tzinfo=datetime.UTC)
        document["validUntil"] = timestamp(until)
    return document


# --- Signing and verifying ----------------------------------------------------------------


def badge_sign(document: dict, *, created: datetime.datetime | None = None) -> dict:
    """`document` with the proof set (eddsa-rdfc-2022 and eddsa-jcs-2022) by the signing key."""
    return proofs.sign(
        document,
        private_key=signing_key(),
        verification_method=verification_method_id(),
        created=created or timezone.now(),
    )


def badge_verify(signed: dict, public_key: Ed25519PublicKey) -> bool:
    """True when the document has a proof and every proof verifies with `public_key`."""
    return proofs.verify(signed, public_key)


def badge_verify_with_issuer_keys(signed: dict) -> bool:
    """True when every proof verifies with the published key it names, and that key was
    in use when the proof was made (not past its `expires`, never `revoked`)."""
    document = {key: value for key, value in signed.items() if key != "proof"}
    found = proofs.proofs_of(signed)
    if not found:
        return False
    for proof in found:
        key = key_for(proof.get("verificationMethod", ""))
        try:
            created = datetime.datetime.fromisoformat(proof.get("created", ""))
        except (TypeError, ValueError):
            return False
        if key is None or created.tzinfo is None or not key.usable_at(created):
            return False
        if not proofs.proof_verifies(document, proof, key.public_key):
            return False
    return True


def signed_badge(certificate: Certificate) -> dict:
    """The file served at badge.json; `created` is the certificate's own creation, so
    fetching twice gives the same bytes."""
    return badge_sign(badge_document(certificate), created=certificate.created_at)


STATUS_LIST_CACHE_SECONDS = 3600


def signed_status_list(*, now: datetime.datetime | None = None) -> dict:
    """The revocation list credential served at /verify/status-list/. Signed when its
    content last changed: kept in the cache under a digest of everything it says but the
    time, so a revocation gives a new list at once and an unchanged one costs no signing."""
    now = now or timezone.now()
    document = status_list.status_list_document(issuer_id(), now=now)
    unchanging = {**document, "validFrom": None, "signer": verification_method_id()}
    key = "open_badges:status_list:" + hashlib.sha256(canonical_json(unchanging)).hexdigest()
    signed = cache.get(key)
    if signed is None:
        signed = badge_sign(document, created=now)
        cache.set(key, signed, STATUS_LIST_CACHE_SECONDS)
    return signed
