"""Practicum pages: the participant's own (host, supervisor, hours), the supervisor's
one-time link (no account) and signed-in page, and program staff's overview.

Entries are found through the signed-in person (someone else's is a 404); the link page
never shows the participant's reflection.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from applications.confirmers.views import verify_page
from cohorts.selectors import current_participation, own_participation_or_404
from cpse.forms import posted
from cpse.ratelimit import client_ip, rate_limited
from requirements_tracking.hours.forms import InboxFilterForm
from requirements_tracking.hours.rules import HourEntryError, loggable_dates
from requirements_tracking.practicum import selectors, services
from requirements_tracking.practicum.forms import (
    PRACTICUM_ERROR_FIELDS,
    DecisionForm,
    PracticumForm,
    PracticumHoursForm,
)

PAGE_SIZE = 50
LINK_TEMPLATE = "requirements_tracking/practicum/link.html"
CLOSED_TEMPLATE = "requirements_tracking/practicum/link_closed.html"


def _save(form, service, **kwargs) -> bool:
    """Call the service with the form's data; a refusal goes next to its field."""
    try:
        service(**form.cleaned_data, **kwargs)
    except HourEntryError as error:
        form.add_error(PRACTICUM_ERROR_FIELDS.get(error.code), str(error))
        return False
    return True


# --- The participant ---------------------------------------------------------------------


@sensitive_post_parameters("supervisor_email", "supervisor_name")
@require_http_methods(["GET", "POST"])
@login_required
def mine(request):
    """The current host and supervisor, a form to name or change them, and the hours."""
    participant = current_participation(request.user)
    if participant is None:
        if request.method == "POST":
            raise Http404
        return render(request, "requirements_tracking/practicum/mine.html", {"participant": None})
    practicum = selectors.current_practicum(participant)
    form = PracticumForm(posted(request), initial=PracticumForm.initial_from(practicum))
    if request.method == "POST" and form.is_valid() and _save(form, services.practicum_set, participant=participant):
        messages.success(request, _("Thank you. Your practicum details are saved."))
        return redirect("practicum:mine")
    return render(
        request,
        "requirements_tracking/practicum/mine.html",
        {
            "participant": participant,
            "practicum": practicum,
            "form": form,
            "entries": selectors.practicum_entries_for_participant(participant),
            "can_log": participant.taking_part,
        },
    )


@sensitive_post_parameters("reflection")
@require_http_methods(["GET", "POST"])
@login_required
def log(request):
    participant = own_participation_or_404(request.user)
    practicum = selectors.current_practicum(participant)
    if practicum is None:
        messages.info(request, _("Please first tell us where you do your practicum and who supervises you."))
        return redirect("practicum:mine")
    form = PracticumHoursForm(posted(request), dates=loggable_dates(participant, timezone.localdate()))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.practicum_hours_log, participant=participant)
    ):
        messages.success(
            request, _("Thank you. Your hours are logged, and we have asked your supervisor to confirm them.")
        )
        return redirect("practicum:mine")
    return render(request, "requirements_tracking/practicum/entry_form.html", {"form": form, "practicum": practicum})


@sensitive_post_parameters("reflection")
@require_http_methods(["GET", "POST"])
@login_required
def edit(request, public_id):
    entry = selectors.practicum_entry_for_participant(user=request.user, public_id=public_id)
    if entry is None:
        raise Http404
    if not entry.can_change:
        messages.info(request, _("Your supervisor has confirmed these hours, so they can no longer be changed."))
        return redirect("practicum:mine")
    form = PracticumHoursForm(
        posted(request),
        initial=PracticumHoursForm.initial_from(entry),
        dates=loggable_dates(entry.participant, timezone.localdate()),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.practicum_hours_update, entry=entry, participant=entry.participant)
    ):
        messages.success(request, _("Thank you. Your changes are saved, and we have asked your supervisor again."))
        return redirect("practicum:mine")
    return render(
        request,
        "requirements_tracking/practicum/entry_form.html",
        {"form": form, "practicum": entry.practicum, "entry": entry, "answer": next(iter(entry.answers), None)},
    )


# --- The supervisor, by link (no account) --------------------------------------------------


def _closed(request, error: services.LinkError):
    status = 404 if error.code == "invalid_link" else 410
    return render(request, CLOSED_TEMPLATE, {"message": str(error), "code": error.code}, status=status)


def _confirmation_for_link(request, token):
    """(confirmation, None), or (None, the calm page to answer with instead)."""
    if rate_limited(scope="practicum-link", key=client_ip(request), limit=30, seconds=3600):
        message = _("Too many attempts. Please try again in an hour.")
        return None, render(request, CLOSED_TEMPLATE, {"message": message}, status=429)
    try:
        return services.confirmation_for_token(token), None
    except services.LinkError as error:
        return None, _closed(request, error)


def _decide(form: DecisionForm, confirmation, by=None) -> None:
    """The supervisor's answer through the service; a refusal is a PracticumError."""
    if not form.is_valid():
        raise services.PracticumError(_("Please choose Confirm or Decline."), code="bad_decision")
    services.supervisor_confirmation_decide(
        confirmation=confirmation, decision=form.cleaned_data["decision"], comment=form.cleaned_data["comment"], by=by
    )


@never_cache
@require_GET
def link(request, token):
    confirmation, refusal = _confirmation_for_link(request, token)
    if refusal:
        return refusal
    return render(request, LINK_TEMPLATE, {"confirmation": confirmation, "form": DecisionForm(), "token": token})


@never_cache
@sensitive_post_parameters("comment")
@require_POST
def link_answer(request, token):
    confirmation, refusal = _confirmation_for_link(request, token)
    if refusal:
        return refusal
    form = DecisionForm(request.POST)
    try:
        _decide(form, confirmation)
    except services.LinkError as error:
        return _closed(request, error)
    except HourEntryError as error:
        form.add_error(PRACTICUM_ERROR_FIELDS.get(error.code), str(error))
        return render(request, LINK_TEMPLATE, {"confirmation": confirmation, "form": form, "token": token})
    return render(request, CLOSED_TEMPLATE, {"thanks": True, "decision": form.cleaned_data["decision"]})


# --- The supervisor, signed in -----------------------------------------------------------------


@require_GET
@role_required(Role.SPONSOR)
def supervise(request):
    return render(
        request,
        "requirements_tracking/practicum/supervise.html",
        {"confirmations": selectors.confirmations_for_supervisor(request.user), "form": DecisionForm()},
    )


@sensitive_post_parameters("comment")
@require_POST
@role_required(Role.SPONSOR)
def supervise_answer(request, public_id):
    confirmation = selectors.confirmation_for_supervisor(user=request.user, public_id=public_id)
    if confirmation is None:
        raise Http404
    form = DecisionForm(request.POST)
    try:
        _decide(form, confirmation, by=request.user)
    except HourEntryError as error:
        messages.error(request, str(error))
    else:
        values = {"name": confirmation.entry.participant.user, "date": date_format(confirmation.entry.date)}
        if form.cleaned_data["decision"] == services.CONFIRM:
            messages.success(request, _("Thank you. You confirmed %(name)s's hours of %(date)s.") % values)
        else:
            messages.success(request, _("Thank you. %(name)s's hours of %(date)s went back with your words.") % values)
    return redirect("practicum:supervise")


# --- Program staff ----------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_list(request):
    form = InboxFilterForm(request.GET)
    cohort = form.chosen_cohort()
    longest_waiting = request.GET.get("sort") == "waiting"
    entries = selectors.practicum_entries_for_staff(cohort=cohort, longest_waiting=longest_waiting)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {"cohort": cohort.pk} if cohort else {}
    shown = {**kept, "sort": "waiting"} if longest_waiting else kept
    query_prefix = f"{urlencode(shown)}&" if shown else ""
    return render(
        request,
        "requirements_tracking/practicum/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(kept),
            "longest_waiting": longest_waiting,
            "cohort_query": urlencode(kept),
            "query_prefix": query_prefix,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_verify(request, public_id):
    """Verify a practicum's supervisor (once, for every participant they answer for)."""
    practicum = selectors.practicum_for_staff(public_id)
    if practicum is None:
        raise Http404
    return verify_page(
        request,
        email=practicum.supervisor_email,
        name=practicum.supervisor_name,
        organisation=practicum.host_agency,
        role=_("Practicum supervisor"),
        back_url=reverse("practicum:staff_list"),
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def staff_move(request, public_id):
    """Hours waiting for an earlier supervisor go to the participant's current one."""
    entry = selectors.practicum_entry_for_staff(public_id)
    if entry is None:
        raise Http404
    try:
        services.supervisor_confirmation_move(entry=entry, by=request.user)
    except HourEntryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The hours now wait for the current supervisor, who was sent a new link."))
    return redirect("practicum:staff_list")


@require_POST
@role_required(Role.PROGRAM_STAFF)
def staff_resend(request, public_id):
    entry = selectors.practicum_entry_for_staff(public_id)
    if entry is None:
        raise Http404
    try:
        services.supervisor_confirmation_resend(entry=entry)
    except HourEntryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A new link went to %(email)s.") % {"email": entry.practicum.supervisor_email})
    return redirect("practicum:staff_list")
