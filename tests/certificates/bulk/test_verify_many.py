"""Checking many certificates at once: each row says what the single page says and
nothing more, numbers count toward the same lookup budget, and input is kept."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from certificates.bulk.forms import MAX_NUMBERS, numbers_in
from certificates.models import Certificate
from certificates.verification import LOOKUP_LIMIT, LOOKUP_WINDOW_LIMIT, LOOKUP_WINDOW_SECONDS, verification_for_number
from tests.certificates.helpers import issued_certificate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

URL = reverse("certificates_bulk:verify_many")


def rows_of(response) -> list:
    return response.context["rows"]


def test_the_page_is_for_everyone(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"


def test_numbers_are_split_normalised_and_kept_once():
    text = 'k7qm-2xp9-rt4w\n"OLD1 11AA A222";K7QM2XP9RT4W\tnot a number!\r\n\n'
    assert numbers_in(text) == ["K7QM2XP9RT4W", "OLD111AAA222", "NOTANUMBER!"]


def test_each_row_says_what_the_single_page_says_and_nothing_more(client, participant, memory_cache):
    valid = issued_certificate(participant, number="K7QM2XP9RT4W")
    old = issued_certificate(participant, number="OLD111AAA222", status=Certificate.Status.REPLACED)
    issued_certificate(participant, number="NEW333BBB444", replaces=old, status=Certificate.Status.REVOKED)
    shared_revoked = issued_certificate(
        participant.__class__.objects.get(pk=participant.pk),
        number="SHR555CCC666",
        status=Certificate.Status.REVOKED,
        sharing=True,
        revoked_reason="Reason known to staff only",
    )
    typed = ["k7qm 2xp9 rt4w", "OLD111AAA222", "NEW333BBB444", shared_revoked.number, "UNKNOWN12345", "bad!"]
    response = client.post(URL, {"numbers": "\n".join(typed)})
    assert response.status_code == 200
    rows = rows_of(response)
    assert [row["typed"] for row in rows] == [
        "K7QM2XP9RT4W",
        "OLD111AAA222",
        "NEW333BBB444",
        "SHR555CCC666",
        "UNKNOWN12345",
        "BAD!",
    ]
    for row in rows:
        assert row["verification"] == verification_for_number(row["typed"])
    html = response.content.decode()
    assert valid.displayed_name in html  # the single page shows it for these
    # A shared certificate now revoked never shows the name, here as on its own page.
    assert rows[3]["verification"].displayed_name == ""
    assert "Reason known to staff only" not in html
    assert participant.user.email not in html and participant.user.display_name not in html
    assert html.count('data-state="not_found"') == 2


def test_the_csv_has_the_same_facts_and_is_formula_safe(client, participant, memory_cache):
    issued_certificate(participant, number="K7QM2XP9RT4W", displayed_name="=HYPERLINK(1)")
    response = client.post(URL, {"numbers": "K7QM2XP9RT4W\nUNKNOWN12345", "download": "csv"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["K7QM2XP9RT4W", "Valid", "'=HYPERLINK(1)"]
    assert rows[2][:2] == ["UNKNOWN12345", "Not found"]


def test_a_file_adds_its_numbers(client, participant, memory_cache):
    issued_certificate(participant, number="K7QM2XP9RT4W")
    upload = SimpleUploadedFile("list.csv", b"\xef\xbb\xbfnumber\r\nK7QM-2XP9-RT4W\r\n", content_type="text/csv")
    rows = rows_of(client.post(URL, {"numbers": "", "upload": upload}))
    assert [row["typed"] for row in rows] == ["NUMBER", "K7QM2XP9RT4W"]
    assert rows[1]["verification"].state == "valid"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"numbers": ""}, "Please type or paste at least one certificate number"),
        ({"numbers": "\n".join(f"N{i:011d}" for i in range(MAX_NUMBERS + 1))}, "at most 200 numbers"),
        ({"numbers": "K7QM2XP9RT4W", "upload": SimpleUploadedFile("list.xlsx", b"PK")}, "CSV or plain text"),
        ({"numbers": "K7QM2XP9RT4W", "upload": SimpleUploadedFile("list.txt", b"\xff\xfe\xfa")}, "could not read"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, data, message, memory_cache):
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data["numbers"]:
        assert data["numbers"].splitlines()[0] in html


def test_each_number_counts_toward_the_single_lookup_budget(client, participant, memory_cache):
    certificate = issued_certificate(participant)
    start = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        numbers = "\n".join(f"UNKNOWN{i:05d}" for i in range(LOOKUP_LIMIT))
        assert client.post(URL, {"numbers": numbers}).status_code == 200
        # The single page's budget for this minute is spent by the list.
        single = client.get(reverse("certificates_public:verify_number", args=[certificate.number]))
        assert single.status_code == 429
        clock.shift(datetime.timedelta(seconds=61))
        assert client.get(reverse("certificates_public:verify_number", args=[certificate.number])).status_code == 200


def test_lists_get_no_more_than_single_lookups_would_in_ten_minutes(client, participant, memory_cache):
    certificate = issued_certificate(participant)
    start = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        # A list may be longer than a minute's burst...
        numbers = "\n".join(f"U{i:011d}" for i in range(LOOKUP_WINDOW_LIMIT - 1))
        assert client.post(URL, {"numbers": numbers}).status_code == 200
        clock.shift(datetime.timedelta(seconds=61))
        # ...but single lookups and lists share one ten-minute ceiling (200).
        assert client.get(reverse("certificates_public:verify_number", args=[certificate.number])).status_code == 200
        response = client.post(URL, {"numbers": certificate.number})
        assert response.status_code == 429
        assert "Cora" not in response.content.decode() and response.context["rows"] is None
        assert "Please wait ten minutes" in response.content.decode()
        assert certificate.number in response.content.decode()  # what was typed is kept
        clock.shift(datetime.timedelta(seconds=LOOKUP_WINDOW_SECONDS))
        assert client.post(URL, {"numbers": certificate.number}).status_code == 200


def test_the_check_costs_the_same_queries_for_3_and_for_many_numbers(client, participant, memory_cache):
    for index in range(30):
        issued_certificate(participant, number=f"K7QM2XP9R{index:03d}", status=Certificate.Status.REPLACED)
    counts = []
    for size in (3, 30):
        numbers = "\n".join(f"K7QM2XP9R{index:03d}" for index in range(size))
        client.post(URL, {"numbers": numbers})
        with count_queries() as queries:
            response = client.post(URL, {"numbers": numbers})
        assert response.status_code == 200 and len(rows_of(response)) == size
        counts.append(len(queries.captured_queries))
        client.logout()
    assert counts[0] == counts[1], counts


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400))
def test_any_text_gets_an_answer_never_a_500(client, memory_cache, text):
    cache.clear()  # each example starts with the whole lookup budget
    assert client.post(URL, {"numbers": text}).status_code in (200, 400)
