"""The funder summary as a PDF: the outcome and equity tables of one cohort, with the same
suppression as the page, rendered by WeasyPrint from our own template (cpse.pdf)."""

import datetime

from django.template.loader import render_to_string

from cpse.pdf import html_to_pdf
from dashboard.reports.selectors import Table

TEMPLATE = "dashboard/reports/funder_summary_pdf.html"


def funder_summary_pdf(*, cohort, tables: list[Table], today: datetime.date, program_name: str) -> bytes:
    html = render_to_string(
        TEMPLATE, {"cohort": cohort, "tables": tables, "today": today, "program_name": program_name}
    )
    return html_to_pdf(html, stylesheets=["css/impact-summary.css"])
