"""Revocation that any standard verifier sees (W3C Bitstring Status List): the badge
points at a signed list, served publicly at a stable address, whose bit for the
certificate flips when it is revoked or replaced."""

import datetime
import gzip
import importlib
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from certificates import open_badges
from certificates.models import STATUS_LIST_LENGTH, Certificate
from certificates.open_badges import proofs
from certificates.open_badges.encoding import multibase_base64url_decode
from certificates.open_badges.status_list import bit_is_set, encode
from certificates.services import certificate_reissue, certificate_revoke
from tests.certificates.helpers import issued_certificate

# The spec's example of an empty list of 131,072 entries (Bitstring Status List v1.0, 2.1).
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def follow(client, url: str):
    """What a verifier does with the URL in the file (on our test server)."""
    assert url.startswith(settings.SITE_URL)
    return client.get(urlsplit(url).path)


def status_of(client, badge: dict) -> bool:
    entry = badge["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    response = follow(client, entry["statusListCredential"])
    assert response.status_code == 200
    status_list = response.json()
    assert open_badges.badge_verify(status_list, open_badges.signing_key().public_key())
    assert status_list["credentialSubject"]["statusPurpose"] == "revocation"
    return bit_is_set(status_list["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))


def test_the_encoding_reads_the_specifications_example():
    assert not any(bit_is_set(SPEC_EMPTY_LIST, index) for index in (0, 1, 94567, STATUS_LIST_LENGTH - 1))
    assert encode([]).startswith("uH4sI")  # gzip, base64url
    for encoded in (SPEC_EMPTY_LIST, encode([])):
        assert len(gzip.decompress(multibase_base64url_decode(encoded))) * 8 == STATUS_LIST_LENGTH == 131_072


def test_bits_are_counted_from_the_left():
    encoded = encode([0, 9, STATUS_LIST_LENGTH - 1])
    assert [index for index in range(16) if bit_is_set(encoded, index)] == [0, 9]
    assert bit_is_set(encoded, STATUS_LIST_LENGTH - 1)
    assert not bit_is_set(encoded, STATUS_LIST_LENGTH - 2)
    assert encode([5]) == encode([5])  # the same bits, the same text


@pytest.mark.django_db
def test_the_list_is_a_signed_public_credential(client):
    response = client.get(reverse("certificates_public:status_list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    document = response.json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["id"] == open_badges.status_list.status_list_url()
    assert document["issuer"] == open_badges.issuer_id()
    assert document["credentialSubject"]["type"] == "BitstringStatusList"
    assert [proof["cryptosuite"] for proof in document["proof"]] == list(proofs.CRYPTOSUITES)
    key = open_badges.signing_key().public_key()
    assert open_badges.badge_verify(document, key)
    assert open_badges.badge_verify_with_issuer_keys(document)
    document["credentialSubject"]["encodedList"] = encode([1])
    assert not open_badges.badge_verify(document, key)


@pytest.mark.django_db
def test_an_unchanged_list_is_not_signed_again(client, participant, program_staff):
    certificate = issued_certificate(participant)
    first = open_badges.signed_status_list(now=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    again = open_badges.signed_status_list(now=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    assert again == first
    certificate_revoke(certificate=certificate, reason="x", by=program_staff)
    changed = open_badges.signed_status_list(now=datetime.datetime(2026, 3, 3, tzinfo=datetime.UTC))
    assert changed["validFrom"] == "2026-03-03T00:00:00Z"
    assert bit_is_set(changed["credentialSubject"]["encodedList"], certificate.status_list_index)


@pytest.mark.django_db
def test_a_verifier_holding_the_old_file_sees_the_revocation(client, participant, program_staff):
    certificate = issued_certificate(participant)
    badge = client.get(reverse("certificates_public:badge", args=[certificate.number])).json()
    assert status_of(client, badge) is False

    certificate_revoke(certificate=certificate, reason="Known to staff only", by=program_staff)
    assert status_of(client, badge) is True
    assert (
        "Known to staff only" not in follow(client, badge["credentialStatus"]["statusListCredential"]).content.decode()
    )


@pytest.mark.django_db
def test_a_reissue_flips_the_old_bit_and_not_the_new(client, participant, program_staff):
    certificate = issued_certificate(participant)
    old_badge = open_badges.signed_badge(certificate)
    new = certificate_reissue(certificate=certificate, by=program_staff, reason="Name change")
    new_badge = open_badges.signed_badge(new)
    assert new.status_list_index != certificate.status_list_index
    assert status_of(client, old_badge) is True
    assert status_of(client, new_badge) is False


@pytest.mark.django_db
def test_others_bits_stay_clear(client, participant, other_participant, program_staff):
    revoked = issued_certificate(participant)
    kept = issued_certificate(other_participant, number="M3WR8TQ2HX5P")
    certificate_revoke(certificate=revoked, reason="x", by=program_staff)
    assert status_of(client, open_badges.signed_badge(kept)) is False


@pytest.mark.django_db
def test_each_certificate_gets_its_own_position(participant):
    made = Certificate.objects.bulk_create(
        [
            Certificate(
                participant=participant,
                credential=participant.cohort.credential,
                number=f"BULK{n:08d}",
                displayed_name="Cora P.",
                issued_on=datetime.date(2026, 1, 1),
                status=Certificate.Status.REPLACED,
            )
            for n in range(300)
        ]
    )
    positions = [certificate.status_list_index for certificate in made]
    assert len(set(positions)) == len(positions)
    assert all(0 <= position < STATUS_LIST_LENGTH for position in positions)


@pytest.mark.django_db
def test_the_migration_gives_existing_certificates_distinct_positions(participant, other_participant):
    migration = importlib.import_module("certificates.migrations.0005_status_list")
    issued_certificate(participant)
    issued_certificate(other_participant, number="M3WR8TQ2HX5P")
    migration.give_positions(apps, None)
    positions = list(Certificate.objects.values_list("status_list_index", flat=True))
    assert len(positions) == 2
    assert len(set(positions)) == 2
    assert all(0 <= position < STATUS_LIST_LENGTH for position in positions)
