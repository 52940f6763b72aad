"""Reports for program staff and finance: aggregates only (dashboard.reports.selectors).
Program staff read every report with exact figures, on the page and in its CSVs (for them
alone); finance reads what funders get (outcomes and equity, small counts suppressed);
instructors none. What is meant for funders, the PDF summary and the funders' CSVs, is
suppressed whoever downloads it. Every answer is private to the one asking (no-store)."""

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


def _for_staff(user) -> bool:
    """Program staff read exact figures; anyone else here (finance) what funders get."""
    return user.has_role(Role.PROGRAM_STAFF)


def _allowed(user) -> tuple[str, ...]:
    return REPORTS_FOR_STAFF if _for_staff(user) else selectors.FUNDER_REPORTS


def _csv(table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for label, cells in table.all_rows:
        writer.writerow([label, *cells])
    return response


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def index(request):
    form = CohortChoiceForm(request.GET)
    cohort = form.chosen(user=request.user, session=request.session)
    exact = _for_staff(request.user)
    tables = (
        selectors.report_tables(_allowed(request.user), cohort, cohort_choices=form.choices, exact=exact)
        if cohort
        else []
    )
    context = {
        "form": form,
        "cohort": cohort,
        "tables": tables,
        "exact": exact,
        "funder_reports": selectors.FUNDER_REPORTS,
    }
    return render(request, "dashboard/reports/index.html", context)


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def download(request, report):
    """A report with exact figures, for program staff alone (finance: `funder_download`)."""
    if report not in REPORTS_FOR_STAFF:
        raise Http404
    if not _for_staff(request.user):
        raise PermissionDenied
    cohort = CohortChoiceForm(request.GET).chosen(user=request.user, session=request.session)
    if cohort is None and report != "pipeline":
        raise Http404
    (table,) = selectors.report_tables([report], cohort, exact=True)
    return _csv(table, f"cpse-{report}" + (f"-{cohort.year}" if cohort and report != "pipeline" else ""))


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def funder_download(request, report):
    """A report as funders get it (small counts suppressed): the outcomes and equity."""
    if report not in selectors.FUNDER_REPORTS:
        raise Http404
    cohort = CohortChoiceForm(request.GET).chosen(user=request.user, session=request.session)
    if cohort is None:
        raise Http404
    (table,) = selectors.report_tables([report], cohort)
    return _csv(table, f"cpse-{report}-{cohort.year}-for-funders")


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF, Role.FINANCE)
def funder_pdf(request):
    cohort = CohortChoiceForm(request.GET).chosen(user=request.user, session=request.session)
    if cohort is None:
        raise Http404
    tables = selectors.report_tables(selectors.FUNDER_REPORTS, cohort)
    pdf = funder_summary_pdf(
        cohort=cohort, tables=tables, today=timezone.localdate(), program_name=settings.PROGRAM_NAME
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cpse-funder-summary-{cohort.year}.pdf"'
    return response
