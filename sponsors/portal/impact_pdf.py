"""The impact summary as a PDF: the same aggregates as the portal and the spreadsheet,
rendered by WeasyPrint from our own template, loading only our own static files."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from cpse.pdf import html_to_pdf
from sponsors.portal.selectors import ImpactRow, impact_surveys

TEMPLATE = "sponsors/impact_summary_pdf.html"


def impact_pdf(rows: list[ImpactRow]) -> bytes:
    html = render_to_string(
        TEMPLATE,
        {
            "rows": rows,
            "results": impact_surveys(rows),
            "today": timezone.localdate(),
            "program_name": settings.PROGRAM_NAME,
        },
    )
    return html_to_pdf(html, stylesheets=["css/impact-summary.css"])
