"""The participant record and its history, for program staff (/staff/participants/<id>/)."""

from functools import partial

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record_kinds
from dashboard.record import selectors

PAGE_SIZE = 50


def _participant(public_id):
    participant = selectors.participant_for_record(public_id)
    if participant is None:
        raise Http404
    return participant


@sensitive_variables("record")
def _page(request, public_id, tab: str, read, *, also_logged: tuple[str, ...] = (), **context):
    """One page of the record (`selectors.TABS`): opening it is written to the access log,
    with a row for each kind of detail it also shows (`also_logged`: the contact card)."""
    participant = _participant(public_id)
    access_log_record_kinds(
        viewer=request.user,
        subject=participant.user,
        record_kinds=(AccessLogEntry.RecordKind.PARTICIPANT, *also_logged),
    )
    record = read(participant)
    return render(
        request,
        "dashboard/record.html",
        {"participant": participant, "record": record, "tabs": selectors.TABS, "tab": selectors.TAB[tab], **context},
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def record(request, public_id):
    """The overview: how to reach the person, application, progress, exam and certificate."""
    return _page(
        request, public_id, "record", selectors.record_overview, also_logged=(AccessLogEntry.RecordKind.CONTACT,)
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def placement(request, public_id):
    return _page(request, public_id, "placement", selectors.record_placement)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def fees(request, public_id):
    return _page(request, public_id, "fees", selectors.record_fees)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def standards(request, public_id):
    return _page(request, public_id, "standards", selectors.record_standards)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def timeline(request, public_id):
    """The latest events, or all of them (?timeline=all)."""
    full = request.GET.get("timeline") == "all"
    read = partial(selectors.record_timeline, full=full)
    return _page(request, public_id, "timeline", read, full_timeline=full)


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
        page.object_list = selectors.with_field_changes(page.object_list, participant)
    return render(
        request,
        "dashboard/record_history.html",
        {"participant": participant, "showing": showing, "page_obj": page, "query_prefix": f"show={showing}&"},
    )
