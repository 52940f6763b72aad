"""The participant record and its history, for program staff (/staff/participants/<id>/)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from dashboard.record import selectors

PAGE_SIZE = 50


def _participant(public_id):
    participant = selectors.participant_for_record(public_id)
    if participant is None:
        raise Http404
    return participant


@require_GET
@role_required(Role.PROGRAM_STAFF)
@sensitive_variables("record")
def record(request, public_id):
    """Everything about one participant; opening it is written to the access log."""
    participant = _participant(public_id)
    access_log_record(viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    full = request.GET.get("timeline") == "all"
    return render(
        request,
        "dashboard/record.html",
        {
            "participant": participant,
            "record": selectors.participant_record(participant, full_timeline=full),
            "sections": selectors.RECORD_SECTIONS,
            "full_timeline": full,
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def history(request, public_id):
    """The change history of the person's rows, or who opened their record (?show=views)."""
    participant = _participant(public_id)
    showing = "views" if request.GET.get("show") == "views" else "changes"
    if showing == "views":
        entries = selectors.access_entries_for(participant)
    else:
        entries = selectors.change_entries_for(participant)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    if showing == "changes":
        page.object_list = selectors.with_field_changes(page.object_list)
    return render(
        request,
        "dashboard/record_history.html",
        {"participant": participant, "showing": showing, "page_obj": page, "query_prefix": f"show={showing}&"},
    )
