"""The impact summary as a PDF: the same aggregates as the portal and the spreadsheet,
rendered by WeasyPrint from our own template, loading only our own static files (the
certificates' fetcher)."""

import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML

from certificates.rendering import STATIC_PREFIX, url_fetcher
from sponsors.selectors import ImpactRow

TEMPLATE = "sponsors/impact_summary_pdf.html"


@functools.cache
def _stylesheet() -> CSS:
    return CSS(url=STATIC_PREFIX + "css/impact-summary.css", url_fetcher=url_fetcher)


def impact_pdf(rows: list[ImpactRow]) -> bytes:
    html = render_to_string(
        TEMPLATE, {"rows": rows, "today": timezone.localdate(), "program_name": settings.PROGRAM_NAME}
    )
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=url_fetcher).write_pdf(stylesheets=[_stylesheet()])
