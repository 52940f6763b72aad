"""Public verification: what the page shows (and never shows), its states, the same 404
for any wrong number, the rate limit, typed-number normalisation and the headers."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.verification import number_normalise, verification_for_number
from tests.certificates.helpers import issued_certificate
from tests.factories import ParticipantFactory

NOT_FOUND = "We could not find a certificate with this number."


def _main(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def page(client, number):
    return client.get(reverse("certificates_public:verify_number", args=[number]))


@pytest.mark.django_db
def test_the_page_shows_only_the_allowed_fields(client, participant):
    user = participant.user
    user.legal_name = "Coralie Legalname"
    user.phone = "+1 555 0100"
    user.save()
    certificate = issued_certificate(
        participant,
        displayed_name="Cora P.",
        issued_on=datetime.date(2027, 3, 1),
        expires_on=datetime.date(2029, 3, 1),
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_reason="Reason known to staff only",
    )
    response = page(client, certificate.number)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cora P." in html
    assert certificate.credential.name in html
    assert "revoked" in html
    for private in [
        user.email,
        user.display_name,  # "Participant Cora": the account's name, not the one chosen for the certificate
        "Coralie Legalname",
        "555 0100",
        "Reason known to staff only",
        str(participant.cohort),
        str(participant.cohort.year),
        participant.home_state,
    ]:
        # Random tokens (the CSRF token in the page's head) may hold any two letters.
        assert private not in re.sub(r"[A-Za-z0-9_-]{20,}", "", html), private


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "state", "words"),
    [
        ({}, "valid", "This certificate is valid."),
        ({"expires_on": None}, "valid", "Does not expire"),
        ({"expires_on": datetime.date(2020, 1, 1), "issued_on": datetime.date(2018, 1, 1)}, "expired", "has expired"),
        ({"status": Certificate.Status.REVOKED}, "revoked", "has been revoked"),
    ],
)
def test_states(client, participant, fields, state, words):
    certificate = issued_certificate(participant, **fields)
    html = page(client, certificate.number).content.decode()
    assert f'data-state="{state}"' in html
    assert words in html


@pytest.mark.django_db
def test_expired_means_before_today(client, participant):
    certificate = issued_certificate(participant, expires_on=datetime.date(2030, 6, 1))
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert verification_for_number(certificate.number).state == "valid"
    with time_machine.travel(datetime.datetime(2030, 6, 2, 12, tzinfo=datetime.UTC), tick=False):
        assert verification_for_number(certificate.number).state == "expired"


@pytest.mark.django_db
def test_a_replaced_certificate_links_to_the_newer_one(client, participant):
    old = issued_certificate(participant, number="OLD111AAA222", status=Certificate.Status.REPLACED)
    new = issued_certificate(participant, number="NEW333BBB444", displayed_name="Cora Newname", replaces=old)
    html = page(client, old.number).content.decode()
    assert 'data-state="replaced"' in html
    assert reverse("certificates_public:verify_number", args=[new.number]) in html
    assert 'data-state="valid"' in page(client, new.number).content.decode()


@pytest.mark.django_db
def test_a_revocation_shows_at_once_and_nothing_is_cached(client, participant):
    certificate = issued_certificate(participant)
    response = page(client, certificate.number)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)
    assert 'data-state="revoked"' in page(client, certificate.number).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["UNKNOWN12345", "K7QM2XP9RT4", "not a number!", "%20", "x" * 80, "ÄÖÜ"])
def test_unknown_and_malformed_numbers_get_the_same_404(client, participant, number):
    issued_certificate(participant)
    response = page(client, number)
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()
    assert "Cora" not in response.content.decode()


@pytest.mark.django_db
def test_the_404_is_the_same_page_whatever_the_reason(client, participant):
    issued_certificate(participant)
    # The main content is the same (the header holds the CSRF token and this path).
    unknown, malformed = (_main(page(client, number)) for number in ["UNKNOWN12345", "***"])
    assert unknown == malformed
    assert NOT_FOUND in unknown


@pytest.mark.django_db
def test_pages_ask_search_engines_not_to_index(client, participant):
    certificate = issued_certificate(participant)
    for response in [
        page(client, certificate.number),
        page(client, "UNKNOWN12345"),
        client.get(reverse("certificates_public:verify")),
    ]:
        assert response["X-Robots-Tag"] == "noindex"
        assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.django_db
def test_lookups_are_rate_limited_per_address(client, participant, memory_cache):
    certificate = issued_certificate(participant)
    start = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(20):
            assert page(client, "UNKNOWN12345").status_code == 404
        response = page(client, certificate.number)
        assert response.status_code == 429
        assert "Please wait a minute" in response.content.decode()
        assert "Cora" not in response.content.decode()
        # Another address is not held back.
        other = client.get(
            reverse("certificates_public:verify_number", args=[certificate.number]), REMOTE_ADDR="10.0.0.9"
        )
        assert other.status_code == 200
        clock.shift(datetime.timedelta(seconds=61))
        assert page(client, certificate.number).status_code == 200


@pytest.mark.django_db
def test_the_badge_file_counts_as_a_lookup(client, participant):
    certificate = issued_certificate(participant)
    for _ in range(20):
        page(client, "UNKNOWN12345")
    response = client.get(reverse("certificates_public:badge", args=[certificate.number]))
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("typed", "compact"),
    [
        ("K7QM-2XP9-RT4W", "K7QM2XP9RT4W"),
        ("  k7qm 2xp9 rt4w ", "K7QM2XP9RT4W"),
        ("k7qm\u20132xp9\u2014rt4w", "K7QM2XP9RT4W"),
        ("K7QM2XP9RT4W", "K7QM2XP9RT4W"),
        ("   ", ""),
    ],
)
def test_typed_numbers_are_normalised(typed, compact):
    assert number_normalise(typed) == compact


@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["K7QM2XP9RT4W", "K7QM-2XP9-RT4W"])
@pytest.mark.parametrize("typed", [" k7qm-2xp9-rt4w ", "K7QM 2XP9 RT4W", "k7qm2xp9rt4w"])
def test_the_form_finds_the_certificate_however_it_is_typed(client, participant, stored, typed):
    issued_certificate(participant, number=stored)
    response = client.get(reverse("certificates_public:verify"), {"number": typed}, follow=True)
    assert response.redirect_chain[0][0] == reverse("certificates_public:verify_number", args=["K7QM2XP9RT4W"])
    assert response.status_code == 200
    assert 'data-state="valid"' in response.content.decode()


@pytest.mark.django_db
def test_the_form_itself_does_not_count_against_the_limit(client):
    for _ in range(30):
        assert client.get(reverse("certificates_public:verify"), {"number": "ABC"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Please type the certificate number."),
        (" - ", "Please type the certificate number."),
        ("AB/CD", "only letters and digits"),
    ],
)
def test_the_form_explains_what_is_wrong_and_keeps_the_input(client, typed, message):
    response = client.get(reverse("certificates_public:verify"), {"number": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if typed.strip():
        assert f'value="{typed}"' in html


@pytest.mark.django_db
def test_the_form_page_is_for_everyone(client):
    response = client.get(reverse("certificates_public:verify"))
    assert response.status_code == 200
    assert "Certificate number" in response.content.decode()


@pytest.mark.django_db
def test_the_page_costs_a_fixed_number_of_queries(client, participant, django_assert_max_num_queries):
    old = issued_certificate(participant, number="OLD111AAA222", status=Certificate.Status.REPLACED)
    issued_certificate(ParticipantFactory(cohort=participant.cohort), number="NEW333BBB444", replaces=old)
    with django_assert_max_num_queries(3):
        assert page(client, old.number).status_code == 200
