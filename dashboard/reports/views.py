"""Reports for program staff and finance: aggregates only (dashboard.reports.selectors).
Program staff read every report; finance reads what funders get (outcomes and equity, and
the PDF summary); instructors none. Every answer is private to the one asking (no-store)."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from dashboard.reports import selectors
from dashboard.reports.forms import CohortChoiceForm
from dashboard.reports.pdf import funder_summary_pdf

REPORTS_FOR_STAFF = ("outcomes", "pipeline", "areas", "equity")


def _allowed(user) -> tuple[str, ...]:
    return REPORTS_FOR_STAFF if user.has_role(Role.PROGRAM_STAFF) else selectors.FUNDER_REPORTS


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def index(request):
    form = CohortChoiceForm(request.GET)
    cohort = form.chosen()
    tables = selectors.report_tables(_allowed(request.user), cohort, cohort_choices=form.choices) if cohort else []
    return render(request, "dashboard/reports/index.html", {"form": form, "cohort": cohort, "tables": tables})


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def download(request, report):
    if report not in REPORTS_FOR_STAFF:
        raise Http404
    if report not in _allowed(request.user):
        raise PermissionDenied
    cohort = CohortChoiceForm(request.GET).chosen()
    if cohort is None and report != "pipeline":
        raise Http404
    (table,) = selectors.report_tables([report], cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"cpse-{report}" + (f"-{cohort.year}" if cohort and report != "pipeline" else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for label, cells in table.all_rows:
        writer.writerow([label, *cells])
    return response


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def funder_pdf(request):
    cohort = CohortChoiceForm(request.GET).chosen()
    if cohort is None:
        raise Http404
    tables = selectors.report_tables(selectors.FUNDER_REPORTS, cohort)
    pdf = funder_summary_pdf(
        cohort=cohort, tables=tables, today=timezone.localdate(), program_name=settings.PROGRAM_NAME
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cpse-funder-summary-{cohort.year}.pdf"'
    return response
