"""The sponsor portal: the organisations a person signs in for, their sponsorships, the
people they pay for (only what each person chose to share), and aggregates for funders.

A participant no sponsor of the viewer pays for is a 404; a page about something the
participant has not chosen to share is a 403. Nothing else about a participant is ever
loaded for these pages (see `sponsors.portal.selectors`)."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from sponsors.portal import selectors
from sponsors.portal.impact_pdf import impact_pdf as impact_pdf_render


@require_GET
@role_required(Role.SPONSOR)
def portal(request):
    """My sponsorships, the people they pay for, and the aggregates."""
    page = selectors.portal_page_for_user(request.user)
    return render(
        request,
        "sponsors/portal.html",
        {"portals": page.portals, "impact": page.impact, "impact_surveys": page.impact_surveys},
    )


def _sponsored(request, public_id) -> tuple[selectors.SponsoredParticipant, list]:
    found = selectors.sponsored_participant_for_user(user=request.user, public_id=public_id)
    if found is None:
        raise Http404
    return found


@require_GET
@role_required(Role.SPONSOR)
def participant(request, public_id):
    shared, sponsors = _sponsored(request, public_id)
    return render(request, "sponsors/participant.html", {"row": shared, "sponsors": sponsors})


@require_GET
@role_required(Role.SPONSOR)
def participant_progress(request, public_id):
    """Progress requirement by requirement: only for a participant who shares it."""
    shared, sponsors = _sponsored(request, public_id)
    if not shared.shares_progress:
        raise PermissionDenied
    return render(request, "sponsors/participant_progress.html", {"row": shared, "sponsors": sponsors})


@require_GET
@role_required(Role.SPONSOR)
def impact_download(request):
    """The aggregates for the cohorts the person's organisations fund, as a spreadsheet:
    one row per organisation and cohort, no row about a person."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cpse-impact-summary.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Organisation"),
            _("Cohort"),
            _("People sponsored"),
            _("Enrolled"),
            _("Completed"),
            _("Certified"),
            _("Approved hours, in all"),
            _("Approved hours, on average"),
        ]
    )
    for row in selectors.impact_for_user(request.user):
        writer.writerow(
            [
                row.sponsor.name,
                str(row.cohort),
                *row.cells,
            ]
        )
    return response


@require_GET
@role_required(Role.SPONSOR)
def impact_pdf(request):
    """The same aggregates as a PDF to pass on (a board report, a funder's file)."""
    response = HttpResponse(impact_pdf_render(selectors.impact_for_user(request.user)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cpse-impact-summary.pdf"'
    return response
