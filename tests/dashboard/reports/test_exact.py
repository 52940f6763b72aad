"""Reports for staff show exact numbers (issue #26): program staff may open every record
anyway, so their page and CSVs hide nothing; suppression applies to what leaves the
program: the funder summary PDF and the CSVs meant for funders (and the page as finance
reads it, which is what funders get)."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.dashboard.reports.fixture import pipeline, report_cohort

pytestmark = pytest.mark.django_db

INDEX = reverse("reports:index")
SUPPRESSED = ("fewer than 5", "not shown")


@pytest.fixture
def known():
    cohort, _people = report_cohort()
    pipeline(cohort)
    return cohort


def csv_rows(response) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return {row[0]: row[1:] for row in rows[1:]}


def tables_of(page: str) -> str:
    return "".join(part.split("</table>")[0] for part in page.split("<table")[1:])


def test_program_staff_read_exact_figures_on_the_page(client, program_staff, known):
    client.force_login(program_staff)
    response = client.get(INDEX, {"cohort": known.pk})
    page = response.content.decode()
    tables = tables_of(page)
    for suppressed in SUPPRESSED:
        assert suppressed not in tables, suppressed
    assert '<th scope="row">Took the final exam</th><td class="text-end">10</td>' in tables
    assert "83 percent" in tables
    assert "for program staff only" in page
    assert reverse("reports:funder_download", args=["outcomes"]) in page


def test_finance_read_the_page_as_funders_get_it(client, finance, known):
    client.force_login(finance)
    page = client.get(INDEX, {"cohort": known.pk}).content.decode()
    tables = tables_of(page)
    assert "not shown" in tables and "fewer than 5" in tables
    assert "for program staff only" not in page
    assert reverse("reports:download", args=["outcomes"]) not in page
    assert reverse("reports:funder_download", args=["outcomes"]) in page


@pytest.mark.parametrize("report", ["outcomes", "equity"])
def test_the_csvs_for_funders_are_suppressed_whoever_downloads_them(client, program_staff, finance, known, report):
    staff_url = reverse("reports:download", args=[report]) + f"?cohort={known.pk}"
    funder_url = reverse("reports:funder_download", args=[report]) + f"?cohort={known.pk}"
    label, exact, suppressed = {
        "outcomes": ("Took the final exam", ["10", "12", "83 percent"], ["not shown", "12", "not shown"]),
        "equity": ("GA", ["5", "1", "1"], ["not shown", "fewer than 5", "not shown"]),
    }[report]
    client.force_login(program_staff)
    assert csv_rows(client.get(staff_url))[label] == exact
    response = client.get(funder_url)
    assert response["Content-Disposition"] == f'attachment; filename="cpse-{report}-2026-for-funders.csv"'
    assert csv_rows(response)[label] == suppressed
    client.force_login(finance)
    assert csv_rows(client.get(funder_url))[label] == suppressed


def test_only_the_funders_reports_have_a_funders_csv(client, program_staff, instructor, known):
    client.force_login(program_staff)
    for report in ("areas", "pipeline", "names"):
        url = reverse("reports:funder_download", args=[report]) + f"?cohort={known.pk}"
        assert client.get(url).status_code == 404, report
    client.force_login(instructor)
    url = reverse("reports:funder_download", args=["outcomes"]) + f"?cohort={known.pk}"
    assert client.get(url).status_code == 403


def test_the_funder_summary_stays_suppressed_for_program_staff(client, program_staff, known):
    client.force_login(program_staff)
    response = client.get(reverse("reports:funder_pdf"), {"cohort": known.pk})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "fewer than 5" in text and "not shown" in text
    assert "83 percent" not in text
