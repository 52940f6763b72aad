"""The issuer document at /verify/issuer/: a controlled identifier document (the cid/v1
context) served as JSON-LD, whose key ids come from the keys themselves, and which keeps
retired keys listed (with `expires` or `revoked`) so what they signed still verifies."""

import base64
import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from certificates import open_badges
from certificates.open_badges import keys, proofs
from certificates.open_badges.jsonld import canonical_nquads
from tests.certificates.helpers import issued_certificate

RETIRED_ON = datetime.date(2026, 6, 1)


def private_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()


def public_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def issuer_document(client):
    response = client.get(reverse("certificates_public:issuer"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def methods(document) -> dict:
    return {method["id"]: method for method in document["verificationMethod"]}


def legacy_file(certificate, private_key: Ed25519PrivateKey, *, created: datetime.datetime) -> dict:
    """A badge as files were signed before this change: one eddsa-jcs-2022 proof by `#key-1`."""
    document = open_badges.badge_document(certificate)
    proof = proofs.proof_for(
        document,
        cryptosuite=proofs.JCS,
        private_key=private_key,
        verification_method=f"{open_badges.issuer_id()}#key-1",
        created=created,
    )
    return {**document, "proof": [proof]}


@pytest.mark.django_db
def test_the_issuer_document_is_a_controlled_identifier_document(client):
    document = issuer_document(client)
    assert "https://www.w3.org/ns/cid/v1" in document["@context"]
    assert document["id"] == open_badges.issuer_id()
    assert document["id"].startswith("http")  # an https URL in production, not did:web
    current = keys.public_key_multibase(open_badges.signing_key().public_key())
    assert set(methods(document)) == {f"{document['id']}#{current}", f"{document['id']}#key-1"}
    for method in document["verificationMethod"]:
        assert method["type"] == "Multikey"
        assert method["controller"] == document["id"]
        assert method["publicKeyMultibase"] == current
    assert set(document["assertionMethod"]) == set(methods(document))
    # It reads as JSON-LD with the bundled contexts: the keys land on the CID terms.
    nquads = canonical_nquads(document)
    assert "<https://w3id.org/security#assertionMethod>" in nquads
    assert "<https://w3id.org/security#publicKeyMultibase>" in nquads


@pytest.mark.django_db
def test_new_proofs_name_the_key_by_its_own_id(participant):
    badge = open_badges.signed_badge(issued_certificate(participant))
    current = keys.public_key_multibase(open_badges.signing_key().public_key())
    assert {proof["verificationMethod"] for proof in badge["proof"]} == {f"{open_badges.issuer_id()}#{current}"}
    assert open_badges.badge_verify_with_issuer_keys(badge)


@pytest.mark.django_db
def test_a_file_signed_before_rotation_existed_still_verifies(participant):
    certificate = issued_certificate(participant)
    old = legacy_file(certificate, open_badges.signing_key(), created=certificate.created_at)
    assert open_badges.badge_verify_with_issuer_keys(old)
    assert open_badges.badge_verify(old, open_badges.signing_key().public_key())


@pytest.mark.django_db
def test_after_a_rotation_old_files_verify_and_the_old_key_is_marked(client, participant, settings):
    certificate = issued_certificate(participant)
    old_key = open_badges.signing_key()
    old_badge = open_badges.signed_badge(certificate)
    old_id = open_badges.verification_method_id()

    new_key = Ed25519PrivateKey.generate()
    settings.OPEN_BADGES_SIGNING_KEY = private_b64(new_key)
    settings.OPEN_BADGES_RETIRED_KEYS = [f"{public_b64(old_key)}@{RETIRED_ON.isoformat()}"]
    certificate.created_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)  # before the retirement
    old_legacy = legacy_file(certificate, old_key, created=certificate.created_at)

    document = issuer_document(client)
    listed = methods(document)
    assert listed[old_id]["expires"] == "2026-06-01T00:00:00Z"
    assert listed[f"{document['id']}#key-1"]["publicKeyMultibase"] == keys.public_key_multibase(old_key.public_key())
    new_id = open_badges.verification_method_id()
    assert new_id != old_id and "expires" not in listed[new_id]
    assert old_id in document["assertionMethod"]

    assert open_badges.badge_verify_with_issuer_keys(old_legacy)
    assert {proof["verificationMethod"] for proof in old_badge["proof"]} == {old_id}
    new_badge = open_badges.signed_badge(certificate)
    assert open_badges.badge_verify_with_issuer_keys(new_badge)
    assert not open_badges.badge_verify(new_badge, old_key.public_key())
    # A proof the old key made after its retirement is refused.
    late = legacy_file(certificate, old_key, created=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC))
    assert not open_badges.badge_verify_with_issuer_keys(late)
    # And a proof whose date says no time zone is not read as either.
    unzoned = {**old_legacy, "proof": [{**old_legacy["proof"][0], "created": "2026-05-01T00:00:00"}]}
    assert not open_badges.badge_verify_with_issuer_keys(unzoned)


@pytest.mark.django_db
def test_a_revoked_key_verifies_nothing(client, participant, settings):
    certificate = issued_certificate(participant)
    old_key = open_badges.signing_key()
    old = legacy_file(certificate, old_key, created=certificate.created_at)
    settings.OPEN_BADGES_SIGNING_KEY = private_b64(Ed25519PrivateKey.generate())
    settings.OPEN_BADGES_RETIRED_KEYS = [f"{public_b64(old_key)}@{RETIRED_ON.isoformat()}@revoked"]
    document = issuer_document(client)
    marked = [method for method in document["verificationMethod"] if "revoked" in method]
    # Under its own id and under the legacy #key-1 (it was the oldest key).
    assert {method["id"].rsplit("#", 1)[1] for method in marked} == {
        keys.public_key_multibase(old_key.public_key()),
        "key-1",
    }
    assert all(method["revoked"] == "2026-06-01T00:00:00Z" for method in marked)
    assert not {method["id"] for method in marked} & set(document["assertionMethod"])
    assert not open_badges.badge_verify_with_issuer_keys(old)


@pytest.mark.parametrize(
    "entry",
    ["not-a-key@2026-06-01", "{key}", "{key}@June", "{key}@2026-06-01@lost"],
)
def test_a_malformed_retired_key_is_refused(entry):
    key = public_b64(Ed25519PrivateKey.generate())
    with override_settings(OPEN_BADGES_RETIRED_KEYS=[entry.format(key=key)]), pytest.raises(ImproperlyConfigured):
        keys.retired_keys()
