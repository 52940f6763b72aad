"""The funder-ready survey summary: the same aggregates as staff's page (never comments),
rendered by WeasyPrint from our own template, loading only our own static files."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from checkins.surveys.selectors import SurveyResult
from cohorts.models import Cohort
from cpse.pdf import html_to_pdf

TEMPLATE = "checkins/surveys/summary_pdf.html"


def survey_summary_pdf(cohort: Cohort, results: list[SurveyResult]) -> bytes:
    html = render_to_string(
        TEMPLATE,
        {"cohort": cohort, "results": results, "today": timezone.localdate(), "program_name": settings.PROGRAM_NAME},
    )
    return html_to_pdf(html, stylesheets=["css/impact-summary.css"])
