"""Program staff's approvals inbox for hours, and one entry's review page.

Reflections are private to the participant and staff: the inbox does not show them;
the review page does and notes in the access log that it was opened. The document a
participant attached is downloaded by program staff only (instructors and assessors do
not see hour entries), and each download is noted in the access log too.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from cohorts.services import working_cohort_choose
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import filtered_page_context, redirect_back
from cpse.uploads import document_download
from requirements_tracking import progress
from requirements_tracking.hours import selectors, services
from requirements_tracking.hours.forms import ApproveSelectedForm, GridForm, InboxFilterForm, ReturnForm
from requirements_tracking.hours.grid_export import grid_csv
from requirements_tracking.hours.rules import HourEntryError
from requirements_tracking.hours.views import EVIDENCE_FILE_NAME

PAGE_SIZE = 50
GRID_PAGE_SIZE = 100


def _entry(public_id):
    entry = selectors.entry_for_staff(public_id)
    if entry is None:
        raise Http404
    return entry


def _back(request):
    return redirect_back(request, "requirements_tracking_staff:inbox")


@require_GET
@role_required(Role.PROGRAM_STAFF)
def inbox(request):
    form = InboxFilterForm(request.GET)
    cohort = form.chosen_cohort()
    page = Paginator(selectors.entries_awaiting_review(cohort=cohort), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {"cohort": cohort.pk} if cohort else {}
    return render(
        request,
        "requirements_tracking/staff/inbox.html",
        {
            "form": form,
            **filtered_page_context(request, page, kept),
            "return_form": ReturnForm(),
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def review(request, public_id):
    entry = _entry(public_id)
    access_log_record(
        viewer=request.user, subject=entry.participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
    )
    return render(request, "requirements_tracking/staff/review.html", {"entry": entry, "return_form": ReturnForm()})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def evidence(request, public_id):
    entry = _entry(public_id)
    response = document_download(entry.evidence, name=EVIDENCE_FILE_NAME)
    access_log_record(
        viewer=request.user, subject=entry.participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
    )
    return response


@require_POST
@role_required(Role.PROGRAM_STAFF)
def approve(request, public_id):
    entry = _entry(public_id)
    try:
        services.hour_entry_approve(entry=entry, by=request.user)
    except HourEntryError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Approved %(name)s's hours of %(date)s.")
            % {"name": entry.participant.user, "date": date_format(entry.date)},
        )
    return _back(request)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def approve_selected(request):
    """Approve the ticked entries; those reviewed meanwhile are left as they are and counted."""
    form = ApproveSelectedForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["entries"]))
        return _back(request)
    chosen = form.cleaned_data["entries"]
    approved = len(services.hour_entries_approve(entries=selectors.entries_for_staff(chosen), by=request.user))
    skipped = len(chosen) - approved
    text = ngettext("%(count)s entry approved.", "%(count)s entries approved.", approved) % {"count": approved}
    if skipped:
        text = " ".join(
            [
                text,
                ngettext("%(count)s had already been reviewed.", "%(count)s had already been reviewed.", skipped)
                % {"count": skipped},
            ]
        )
    (messages.success if approved else messages.warning)(request, text)
    return _back(request)


@sensitive_post_parameters("comment")
@require_POST
@role_required(Role.PROGRAM_STAFF)
def return_entry(request, public_id):
    entry = _entry(public_id)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise HourEntryError(" ".join(form.errors["comment"]), code="comment_required")
        services.hour_entry_return(entry=entry, by=request.user, comment=form.cleaned_data["comment"])
    except HourEntryError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The hours went back to %(name)s with your comment.") % {"name": entry.participant.user}
        )
    return _back(request)


def _grid(request):
    data = request.GET.copy()
    form = GridForm(data)
    asked, sort, descending = form.chosen(default=None)
    cohort = working_cohort_choose(user=request.user, asked=asked, session=request.session)
    if asked is None and cohort is not None:
        data["cohort"] = cohort.pk  # so the form shows the cohort the grid opens on
    grid = progress.cohort_grid(cohort) if cohort else None
    return form, grid, sort, descending


@require_GET
@role_required(Role.PROGRAM_STAFF)
def grid(request):
    """Every participant of a cohort against every requirement, with who is behind."""
    form, grid, sort, descending = _grid(request)
    rows = progress.grid_sorted(grid, key=sort, descending=descending) if grid else []
    page = Paginator(rows, GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {"cohort": grid.cohort.pk, "sort": sort} if grid else {}
    if descending:
        kept["descending"] = "on"
    return render(
        request,
        "requirements_tracking/staff/grid.html",
        {
            "form": form,
            "grid": grid,
            "page_obj": page,
            "sort": sort,
            "descending": descending,
            "query_prefix": f"{urlencode(kept)}&" if kept else "",
            "cohort_query": urlencode({"cohort": grid.cohort.pk}) if grid else "",
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def grid_download(request):
    """The same grid as a spreadsheet (CSV), in the same order."""
    _form, grid, sort, descending = _grid(request)
    if grid is None:
        raise Http404
    return grid_csv(grid, progress.grid_sorted(grid, key=sort, descending=descending))
