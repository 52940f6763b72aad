"""Program staff's pages for cohorts, requirement sets and participants' status.

The cohort pages show participants' names and statuses only; a participant's own page
(their status history and the reasons staff gave) notes in the access log that it was
opened.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from cohorts import selectors, services
from cohorts.forms import CohortForm, ReasonForm, RequirementSetCopyForm, RequirementSetForm, TransferForm
from cohorts.views import program_page
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record

PAGE_SIZE = 50
staff_only = role_required(Role.PROGRAM_STAFF)


def _posted(request):
    """The form's data on POST (even an empty one), None on GET."""
    return request.POST if request.method == "POST" else None


def _cohort(pk):
    cohort = selectors.cohort_for_staff(pk)
    if cohort is None:
        raise Http404
    return cohort


def _participant(public_id):
    participant = selectors.participant_for_staff(public_id)
    if participant is None:
        raise Http404
    return participant


def _requirement_set(pk):
    requirement_set = selectors.requirement_set_for_staff(pk)
    if requirement_set is None:
        raise Http404
    return requirement_set


# --- Cohorts -------------------------------------------------------------------------


@require_GET
@staff_only
def cohort_list(request):
    return render(request, "cohorts/staff/cohort_list.html", {"cohorts": selectors.cohorts_for_staff()})


@require_http_methods(["GET", "POST"])
@staff_only
def cohort_create(request):
    form = CohortForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(details=form.details())
        except services.CohortInvalid as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, _("The %(cohort)s is ready.") % {"cohort": cohort})
            return redirect("cohorts_staff:cohort_detail", pk=cohort.pk)
    return render(request, "cohorts/staff/cohort_form.html", {"form": form, "cohort": None})


@require_http_methods(["GET", "POST"])
@staff_only
def cohort_edit(request, pk):
    cohort = _cohort(pk)
    form = CohortForm(_posted(request), cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_update(cohort=cohort, details=form.details())
        except services.CohortInvalid as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, _("The changes to the %(cohort)s are saved.") % {"cohort": cohort})
            return redirect("cohorts_staff:cohort_detail", pk=cohort.pk)
    return render(request, "cohorts/staff/cohort_form.html", {"form": form, "cohort": cohort})


@require_GET
@staff_only
def cohort_detail(request, pk):
    cohort = _cohort(pk)
    page = Paginator(selectors.cohort_participants(cohort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cohorts/staff/cohort_detail.html", {"cohort": cohort, "page_obj": page})


@require_GET
@staff_only
def cohort_preview(request, pk):
    """The public program page as it will read for this cohort, before it is featured
    (marked "Preview", not indexed)."""
    cohort = selectors.cohort_to_preview(pk)
    if cohort is None:
        raise Http404
    return program_page(request, cohort, preview=True)


# --- Participants --------------------------------------------------------------------


@require_GET
@staff_only
def participant_detail(request, public_id):
    participant = _participant(public_id)
    access_log_record(viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    return render(
        request,
        "cohorts/staff/participant_detail.html",
        {
            "participant": participant,
            "history": selectors.participant_status_history(participant),
            "reason_form": ReasonForm(),
        },
    )


def _to_participant(participant):
    return redirect("cohorts_staff:participant_detail", public_id=participant.public_id)


def _status_action(request, public_id, action, done: str):
    """Leave and return: one POST with an optional reason, then back to the person's page."""
    participant = _participant(public_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return _to_participant(participant)
    try:
        action(participant=participant, by=request.user, reason=form.cleaned_data["reason"])
    except services.ParticipantStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"name": participant.user})
    return _to_participant(participant)


@sensitive_post_parameters("reason")
@require_POST
@staff_only
def participant_leave(request, public_id):
    return _status_action(request, public_id, services.participant_leave, _("%(name)s is now on leave."))


@sensitive_post_parameters("reason")
@require_POST
@staff_only
def participant_return(request, public_id):
    return _status_action(
        request, public_id, services.participant_return, _("Welcome back: %(name)s is enrolled again.")
    )


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
@staff_only
def participant_withdraw(request, public_id):
    """GET asks to confirm; POST withdraws (a second POST changes nothing)."""
    participant = _participant(public_id)
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            change = services.participant_withdraw(
                participant=participant, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ParticipantStatusError as error:
            messages.error(request, str(error))
        else:
            if change is None:
                messages.info(request, _("%(name)s has already withdrawn.") % {"name": participant.user})
            else:
                messages.success(
                    request,
                    _("%(name)s is withdrawn. Their record and hours are kept.") % {"name": participant.user},
                )
        return _to_participant(participant)
    return render(request, "cohorts/staff/participant_withdraw.html", {"participant": participant, "form": form})


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
@staff_only
def participant_transfer(request, public_id):
    """GET asks to choose a later cohort and confirm; POST moves the participant."""
    participant = _participant(public_id)
    form = TransferForm(_posted(request), participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_transfer(
                participant=participant,
                to_cohort=form.cleaned_data["cohort"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ParticipantStatusError as error:
            form.add_error("cohort", str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now enrolled in the %(cohort)s, with all their hours.")
                % {"name": participant.user, "cohort": participant.cohort},
            )
            return _to_participant(participant)
    return render(request, "cohorts/staff/participant_transfer.html", {"participant": participant, "form": form})


# --- Requirement sets ----------------------------------------------------------------


@require_GET
@staff_only
def requirement_set_list(request):
    return render(
        request, "cohorts/staff/requirement_set_list.html", {"requirement_sets": selectors.requirement_sets_for_staff()}
    )


@require_http_methods(["GET", "POST"])
@staff_only
def requirement_set_copy(request, pk):
    source = _requirement_set(pk)
    form = RequirementSetCopyForm(_posted(request), initial={"name": _("%(name)s (copy)") % {"name": source}})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.requirement_set_copy(source=source, name=form.cleaned_data["name"])
        except services.RequirementSetInvalid as error:
            for message in error.errors.get(("name",), [str(error)]):
                form.add_error("name", message)
        else:
            messages.success(
                request,
                _("“%(name)s” is ready. Change what this set needs, then choose it for a cohort.") % {"name": copy},
            )
            return redirect("cohorts_staff:requirement_set_edit", pk=copy.pk)
    return render(request, "cohorts/staff/requirement_set_copy.html", {"source": source, "form": form})


@require_http_methods(["GET", "POST"])
@staff_only
def requirement_set_edit(request, pk):
    requirement_set = _requirement_set(pk)
    if requirement_set.locked:
        return render(request, "cohorts/staff/requirement_set_locked.html", {"requirement_set": requirement_set})
    form = RequirementSetForm(_posted(request), requirement_set=requirement_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_set_update(requirement_set=requirement_set, changes=form.changes())
        except services.RequirementSetLocked:
            return render(request, "cohorts/staff/requirement_set_locked.html", {"requirement_set": requirement_set})
        except services.RequirementSetInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The changes to “%(name)s” are saved.") % {"name": form.cleaned_data["name"]})
            return redirect("cohorts_staff:requirement_set_list")
    return render(
        request, "cohorts/staff/requirement_set_form.html", {"requirement_set": requirement_set, "form": form}
    )
