"""The Open Badges 3.0 file: valid against 1EdTech's schema, signed (eddsa-rdfc-2022 and
eddsa-jcs-2022) with the key published at /verify/issuer/, and answering the current status."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft201909Validator

from certificates import open_badges
from certificates.models import Certificate
from tests.certificates.helpers import issued_certificate

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text())


def fetch(client, number, **params):
    return client.get(reverse("certificates_public:badge", args=[number]), params)


def published_key(client, verification_method: str):
    profile = client.get(reverse("certificates_public:issuer")).json()
    (key,) = [k for k in profile["verificationMethod"] if k["id"] == verification_method]
    assert key["type"] == "Multikey"
    assert verification_method in profile["assertionMethod"]
    return open_badges.public_key_from_multibase(key["publicKeyMultibase"])


@pytest.fixture
def certificate(participant):
    user = participant.user
    user.legal_name = "Coralie Legalname"
    user.phone = "+1 555 0100"
    user.save()
    return issued_certificate(participant)


@pytest.mark.django_db
def test_the_badge_validates_against_the_official_schema(client, certificate):
    response = fetch(client, certificate.number)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    Draft201909Validator.check_schema(SCHEMA)
    validator = Draft201909Validator(SCHEMA, format_checker=Draft201909Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: e.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    # What the schema leaves to the spec: the types, the contexts, the dates.
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["@context"] == [open_badges.VC_CONTEXT, open_badges.OB_CONTEXT]
    assert document["issuer"]["type"] == ["Profile"]
    assert document["validFrom"] == f"{certificate.issued_on.isoformat()}T00:00:00Z"
    assert document["validUntil"] == f"{certificate.expires_on.isoformat()}T23:59:59Z"
    for stamp in [document["validFrom"], document["validUntil"], document["proof"][0]["created"]]:
        datetime.datetime.fromisoformat(stamp)
    subject = document["credentialSubject"]
    assert subject["name"] == "Cora P."
    assert subject["achievement"]["name"] == certificate.credential.name
    assert "Final exam" in subject["achievement"]["criteria"]["narrative"]
    status = document["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == str(certificate.status_list_index)
    assert status["statusListCredential"].endswith(reverse("certificates_public:status_list"))


@pytest.mark.django_db
def test_a_document_missing_what_the_schema_requires_fails_it(client, certificate):
    """The vendored schema really checks: take away what it requires and it refuses."""
    document = fetch(client, certificate.number).json()
    validator = Draft201909Validator(SCHEMA)
    for broken in [
        {k: v for k, v in document.items() if k != "validFrom"},
        {**document, "type": ["VerifiableCredential"]},
        {**document, "@context": ["https://www.w3.org/2018/credentials/v1"]},
    ]:
        assert list(validator.iter_errors(broken))


@pytest.mark.django_db
def test_the_badge_names_nobody_but_by_the_chosen_name(client, certificate):
    text = fetch(client, certificate.number).content.decode()
    for private in ["cora@example.org", "Coralie Legalname", "555 0100", "Participant Cora", "2026 cohort"]:
        assert private not in text


@pytest.mark.django_db
def test_the_signature_verifies_with_the_published_key(client, certificate):
    document = fetch(client, certificate.number).json()
    assert [proof["cryptosuite"] for proof in document["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    for proof in document["proof"]:
        assert proof["type"] == "DataIntegrityProof"
        assert proof["proofPurpose"] == "assertionMethod"
    (method,) = {proof["verificationMethod"] for proof in document["proof"]}
    key = published_key(client, method)
    assert open_badges.badge_verify(document, key)

    tampered = copy.deepcopy(document)
    tampered["credentialSubject"]["name"] = "Cora Q."
    assert not open_badges.badge_verify(tampered, key)
    longer = copy.deepcopy(document)
    longer["validUntil"] = "2099-12-31T23:59:59Z"
    assert not open_badges.badge_verify(longer, key)


@pytest.mark.django_db
def test_another_key_does_not_verify_it(client, certificate):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    document = fetch(client, certificate.number).json()
    assert not open_badges.badge_verify(document, Ed25519PrivateKey.generate().public_key())


@pytest.mark.django_db
def test_the_file_is_the_same_each_time(client, certificate):
    assert fetch(client, certificate.number).content == fetch(client, certificate.number).content


@pytest.mark.django_db
def test_download_asks_to_save_the_file(client, certificate):
    response = fetch(client, "k7qm-2xp9-rt4w", download="1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.json"'
    assert "Content-Disposition" not in fetch(client, certificate.number)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "words"),
    [(Certificate.Status.REVOKED, "revoked"), (Certificate.Status.REPLACED, "replaced")],
)
def test_revoked_and_replaced_badges_answer_gone(client, participant, status, words):
    certificate = issued_certificate(participant, status=status, revoked_reason="Reason known to staff only")
    response = fetch(client, certificate.number)
    assert response.status_code == 410
    body = response.json()
    assert body["status"] == status
    assert words in body["detail"]
    assert "Reason known to staff only" not in response.content.decode()
    assert "Cora" not in response.content.decode()


@pytest.mark.django_db
def test_an_expired_badge_is_still_served_and_says_until_when(client, participant):
    certificate = issued_certificate(
        participant, issued_on=datetime.date(2018, 1, 1), expires_on=datetime.date(2020, 1, 1)
    )
    response = fetch(client, certificate.number)
    assert response.status_code == 200
    assert response.json()["validUntil"] == "2020-01-01T23:59:59Z"


@pytest.mark.django_db
def test_a_certificate_that_does_not_expire_has_no_valid_until(client, participant):
    certificate = issued_certificate(participant, expires_on=None)
    document = fetch(client, certificate.number).json()
    assert "validUntil" not in document
    assert not list(Draft201909Validator(SCHEMA).iter_errors(document))


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["UNKNOWN12345", "***"])
def test_an_unknown_number_gets_a_plain_404(client, participant, number):
    issued_certificate(participant)
    response = fetch(client, number)
    assert response.status_code == 404
    assert response.json() == {"detail": "We could not find a certificate with this number."}


@pytest.mark.django_db
def test_the_issuer_profile_publishes_the_key_of_the_configured_secret(client):
    profile = client.get(reverse("certificates_public:issuer")).json()
    assert profile["type"] == ["Profile"]
    assert profile["id"].endswith(reverse("certificates_public:issuer"))
    (key,) = [method for method in profile["verificationMethod"] if not method["id"].endswith("#key-1")]
    expected = open_badges.public_key_multibase(open_badges.signing_key().public_key())
    assert key["publicKeyMultibase"] == expected
    assert key["publicKeyMultibase"].startswith("z6Mk")  # an Ed25519 Multikey


def test_base58_round_trips():
    for data in [b"", b"\0", b"\0\0abc", bytes(range(256)), b"\xed\x01" + bytes(32)]:
        assert open_badges.base58btc_decode(open_badges.base58btc(data)) == data
    assert open_badges.base58btc(b"hello world") == "StV1DL6CwTryKyV"
