"""Program staff's interest list (`staff/interest/`): who would like to apply, for which
cohort, how to reach each person safely (only what her chosen way allows), whether she was
invited or reached and whether she applied; the CSV of the same list; the call-or-text
list; invite again, mark as contacted, remove on request (applications.interest.services
holds the rules). Program staff only: everyone else gets 403."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from applications.interest import selectors, services
from applications.interest.forms import CallOrTextFilterForm, InterestFilterForm
from applications.models import InterestSignup
from cpse.spreadsheets import csv_cell, csv_download

PAGE_SIZE = 50


def _signup(public_id) -> InterestSignup:
    signup = selectors.interest_signup_for_staff(public_id)
    if signup is None:
        raise Http404
    return signup


def _act(request, public_id, service, *, success: str, back: str):
    """Call one service for one person; a refusal becomes a message on the page.
    `success` names her as %(name)s."""
    signup = _signup(public_id)
    try:
        service(signup=signup, by=request.user)
    except services.InterestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"name": signup.display_name})
    return redirect(back)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def interest_list(request):
    form = InterestFilterForm(request.GET)
    kept = form.kept()
    page = Paginator(selectors.interest_signups_for_staff(**form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "applications/interest/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.interest_rows(page.object_list),
            "filtered": bool(kept),
            "query_prefix": f"{urlencode(kept)}&" if kept else "",
            "csv_query": urlencode(kept),
            "today": timezone.localdate(),
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def interest_csv(request):
    """The list with the same filters, for a spreadsheet: how to reach each person only as
    her way allows, and never the notes she left."""
    form = InterestFilterForm(request.GET)
    response, writer = csv_download("interest-list.csv")
    writer.writerow(
        [
            _("Name"),
            _("Cohort"),
            _("Safe way to reach them"),
            _("Phone"),
            _("Email"),
            _("State"),
            _("Signed up"),
            _("Invited or reached"),
            _("Applied"),
        ]
    )
    for row in selectors.interest_rows(selectors.interest_signups_for_staff(**form.filters())):
        signup, card = row.signup, row.card
        writer.writerow(
            csv_cell(value)
            for value in (
                signup.display_name,
                signup.cohort or _("The next cohort to open"),
                card.way_label,
                card.phone or "",
                card.email or "",
                signup.state,
                timezone.localdate(signup.created_at).isoformat(),
                _("yes") if signup.reached else _("no"),
                _("yes") if signup.applied else _("no"),
            )
        )
    return response


@require_GET
@role_required(Role.PROGRAM_STAFF)
def call_or_text(request):
    form = CallOrTextFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.call_or_text_for_staff(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/interest/call_or_text.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.interest_rows(page.object_list),
            "filtered": bool(filters["contacted"]),
            "query_prefix": f"{urlencode(filters)}&" if filters["contacted"] else "",
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def invite_again(request, public_id):
    return _act(
        request,
        public_id,
        services.interest_invite_again,
        success=_("The invitation is on its way to %(name)s again."),
        back="interest:list",
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def mark_contacted(request, public_id):
    return _act(
        request,
        public_id,
        services.interest_mark_contacted,
        success=_("%(name)s is marked as contacted."),
        back="interest:call_or_text",
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def remove(request, public_id):
    """A confirmation page, then the POST that removes her at her request."""
    signup = _signup(public_id)
    if request.method == "POST":
        services.interest_signup_remove(signup=signup, by=request.user)
        messages.success(
            request, _("Done. %(name)s is no longer on the interest list.") % {"name": signup.display_name}
        )
        return redirect("interest:list")
    return render(request, "applications/interest/remove.html", {"signup": signup})
