"""The reports page, its CSVs and the funder summary PDF: who may read which, what they
hold (aggregates, never a person), and what they cost."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from tests.checkins.factories import placement_year
from tests.dashboard.reports.fixture import EMAILS, LEGAL_NAMES, NAMES, pipeline, report_cohort
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

INDEX = reverse("reports:index")
PDF = reverse("reports:funder_pdf")


def csv_url(report, cohort=None):
    return reverse("reports:download", args=[report]) + (f"?cohort={cohort.pk}" if cohort else "")


def funder_csv_url(report, cohort):
    return reverse("reports:funder_download", args=[report]) + f"?cohort={cohort.pk}"


@pytest.fixture
def known():
    cohort, people = report_cohort()
    pipeline(cohort)
    return cohort


def assert_nobody_named(text: str):
    for value in [*NAMES, *LEGAL_NAMES, *EMAILS]:
        assert value not in text


def test_program_staff_read_every_report_of_the_chosen_cohort(client, program_staff, known):
    CohortFactory(year=2027)
    client.force_login(program_staff)
    response = client.get(INDEX, {"cohort": known.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for title in ("Cohort outcomes", "The way in, by year", "Hopes and placements by area", "Equity"):
        assert title in page
    assert "58 percent" in page
    assert '<th scope="row">TX</th>' in page
    assert_nobody_named(page)


def test_the_page_opens_on_the_working_cohort_and_ignores_a_bad_choice(client, program_staff, known):
    """The cohort in progress (not the newest, whose pages are empty), then the one last chosen."""
    newer = CohortFactory(year=2027)
    client.force_login(program_staff)
    with time_machine.travel(datetime.date(2026, 12, 1), tick=False):
        for query in ({}, {"cohort": "not-a-number"}, {"cohort": "999999"}):
            response = client.get(INDEX, query)
            assert response.status_code == 200
            assert response.context["cohort"].pk == known.pk
        client.get(INDEX, {"cohort": newer.pk})
        for query in ({}, {"cohort": "999999"}):
            assert client.get(INDEX, query).context["cohort"].pk == newer.pk


def test_without_a_cohort_the_page_says_so(client, program_staff):
    client.force_login(program_staff)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "nothing to report" in response.content.decode()


def test_finance_read_what_funders_get(client, finance, known):
    client.force_login(finance)
    page = client.get(INDEX, {"cohort": known.pk}).content.decode()
    assert "Cohort outcomes" in page and "Equity" in page
    assert "The way in, by year" not in page and "Hopes and placements" not in page
    assert client.get(funder_csv_url("equity", known)).status_code == 200
    # The CSVs with exact figures are program staff's alone.
    assert client.get(csv_url("equity", known)).status_code == 403
    assert client.get(csv_url("pipeline")).status_code == 403
    assert client.get(csv_url("areas", known)).status_code == 403
    assert client.get(PDF, {"cohort": known.pk}).status_code == 200


def test_instructors_read_no_report(client, instructor, known):
    client.force_login(instructor)
    assert client.get(INDEX).status_code == 403
    assert client.get(csv_url("outcomes", known)).status_code == 403
    assert client.get(PDF).status_code == 403


def test_an_unknown_report_is_not_found(client, program_staff, known):
    client.force_login(program_staff)
    assert client.get(csv_url("names", known)).status_code == 404


@pytest.mark.parametrize("report", ["outcomes", "pipeline", "areas", "equity"])
def test_each_csv_holds_the_page_figures_and_no_person(client, program_staff, known, report):
    client.force_login(program_staff)
    response = client.get(csv_url(report, known))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert_nobody_named(text)
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1
    by_label = {row[0]: row[1:] for row in rows[1:]}
    # Program staff's CSVs hold exact figures (tests/dashboard/reports/test_exact.py).
    expected = {
        "outcomes": ("Took the final exam", ["10", "12", "83 percent"]),
        "pipeline": ("2026 cohort", ["20", "15 (75 percent)"]),
        "areas": ("Jail ministry", ["2", "2", "2"]),
        "equity": ("GA", ["5", "1", "1"]),
    }[report]
    label, cells = expected
    assert by_label[label][: len(cells)] == cells


def test_the_funder_summary_is_a_pdf_of_outcomes_and_equity(client, program_staff, known):
    client.force_login(program_staff)
    response = client.get(PDF, {"cohort": known.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cpse-funder-summary-2026.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cohort outcomes" in text and "58 percent" in text and "fewer than 5" in text
    assert "The way in" not in text
    assert_nobody_named(text)


def _people(cohort, count):
    """`count` participants, some finished and placed with check-ins filed."""
    people = ParticipantFactory.create_batch(count, cohort=cohort, home_state="GA", status="completed")
    for participant in people[:2]:
        placement_year(participant, submitted=4)
    return people


def test_report_pages_cost_the_same_for_3_or_30_participants(client, program_staff):
    cohort = CohortFactory(year=2026)
    _people(cohort, 3)
    client.force_login(program_staff)
    urls = [
        f"{INDEX}?cohort={cohort.pk}",
        f"{PDF}?cohort={cohort.pk}",
        *(csv_url(r, cohort) for r in ("outcomes", "areas", "equity", "pipeline")),
        *(funder_csv_url(r, cohort) for r in ("outcomes", "equity")),
    ]
    assert_queries_do_not_grow(client, urls, lambda: _people(cohort, 27))
