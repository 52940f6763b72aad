"""Placement pages: the participant's own (`placement/`: current placement, history, the
check-in schedule, record a new placement) and program staff's page for one participant
(`staff/placements/<participant public_id>/`: the same, plus ending a placement and
pausing or resuming the placement year).

Pausing is for staff only: a pause stops the reminders and the missed-check-in
follow-up, so a person who is struggling is not left without a human noticing. The
participant's page tells them to ask the program team for a break.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from checkins.placement import selectors, services
from checkins.placement.forms import PLACEMENT_ERROR_FIELDS, EndPlacementForm, PauseForm, PlacementForm, ResumeForm
from checkins.schedule import checkin_rows
from cohorts.selectors import current_participation, own_participation_or_404
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted


def _save(form, service, **kwargs) -> bool:
    """Call the service with the form's data; a refusal goes next to its field."""
    try:
        service(**form.cleaned_data, **kwargs)
    except services.PlacementError as error:
        form.add_error(PLACEMENT_ERROR_FIELDS.get(error.code), str(error))
        return False
    return True


def _page_context(participant) -> dict:
    # The year is worked out from the placements and schedule the page shows anyway.
    placements = list(selectors.placements_for_participant(participant))
    schedule = list(selectors.checkin_schedule(participant))
    return {
        "participant": participant,
        "current": next((p for p in placements if p.end_date is None), None),
        "placements": placements,
        "year": selectors.placement_year_from(participant, placements, schedule),
        "schedule": checkin_rows(schedule, today=timezone.localdate()),
        "can_record": participant.status in services.PLACEABLE,
    }


# --- The participant ---------------------------------------------------------------------


@sensitive_post_parameters("supervisor_name", "supervisor_email", "supervisor_phone")
@require_http_methods(["GET", "POST"])
@login_required
def mine(request):
    participant = current_participation(request.user)
    if participant is None:
        if request.method == "POST":
            raise Http404
        return render(request, "checkins/placement/mine.html", {"participant": None})
    context = _page_context(participant)
    form = PlacementForm(posted(request))
    if request.method == "POST":
        if not context["can_record"]:
            messages.error(request, _("A placement can be recorded while you are enrolled or once you have graduated."))
            return redirect("placements:mine")
        if form.is_valid() and _save(form, services.placement_record, participant=participant, by=request.user):
            messages.success(request, _("Thank you. Your placement is saved."))
            return redirect("placements:mine")
    return render(request, "checkins/placement/mine.html", {**context, "form": form})


def _correct(request, *, participant, back: str, done: str):
    """Correct the current placement (participant's or staff's page); none: back."""
    current = selectors.placement_current(participant)
    if current is None or participant.status not in services.PLACEABLE:
        messages.info(request, _("There is no current placement to correct."))
        return redirect(back)
    form = PlacementForm(posted(request), initial=PlacementForm.initial_from(current))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.placement_correct, placement=current, by=request.user)
    ):
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "checkins/placement/correct.html",
        {"participant": participant, "current": current, "form": form, "back": back},
    )


@sensitive_post_parameters("supervisor_name", "supervisor_email", "supervisor_phone")
@require_http_methods(["GET", "POST"])
@login_required
def correct(request):
    participant = own_participation_or_404(request.user)
    return _correct(
        request,
        participant=participant,
        back=reverse("placements:mine"),
        done=_("Thank you. Your placement is corrected."),
    )


# --- Program staff ------------------------------------------------------------------------


def _participant_for_staff(public_id):
    participant = selectors.participant_for_staff(public_id)
    if participant is None:
        raise Http404
    return participant


@sensitive_post_parameters("supervisor_name", "supervisor_email", "supervisor_phone")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_detail(request, public_id):
    participant = _participant_for_staff(public_id)
    form = PlacementForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.placement_record, participant=participant, by=request.user)
    ):
        messages.success(request, _("The placement is saved."))
        return redirect("placements:staff_detail", public_id=participant.public_id)
    if request.method == "GET":
        access_log_record(
            viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
        )
    context = _page_context(participant)
    return render(
        request,
        "checkins/placement/staff_detail.html",
        {**context, "form": form, "pauses": list(selectors.pauses_for_participant(participant))},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_end(request, public_id):
    """Confirmation, with the last day, before a placement ends without a new one."""
    participant = _participant_for_staff(public_id)
    current = selectors.placement_current(participant)
    form = EndPlacementForm(posted(request))
    if (
        request.method == "POST"
        and current is not None
        and form.is_valid()
        and _save(form, services.placement_end, placement=current, by=request.user)
    ):
        messages.success(request, _("The placement has ended. The history keeps it."))
        return redirect("placements:staff_detail", public_id=participant.public_id)
    return render(
        request, "checkins/placement/staff_end.html", {"participant": participant, "current": current, "form": form}
    )


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_pause(request, public_id):
    participant = _participant_for_staff(public_id)
    form = PauseForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.pause_start, participant=participant, by=request.user)
    ):
        messages.success(request, _("The placement year is paused. No check-in reminders go out until it resumes."))
        return redirect("placements:staff_detail", public_id=participant.public_id)
    return render(request, "checkins/placement/staff_pause.html", {"participant": participant, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_resume(request, public_id):
    participant = _participant_for_staff(public_id)
    pause = selectors.pauses_for_participant(participant).filter(ends_on__isnull=True).defer("reason").first()
    form = ResumeForm(posted(request))
    if (
        request.method == "POST"
        and pause is not None
        and form.is_valid()
        and _save(form, services.pause_end, participant=participant, by=request.user)
    ):
        messages.success(request, _("The placement year runs again. The check-ins that waited have new dates."))
        return redirect("placements:staff_detail", public_id=participant.public_id)
    return render(
        request, "checkins/placement/staff_resume.html", {"participant": participant, "pause": pause, "form": form}
    )


@sensitive_post_parameters("supervisor_name", "supervisor_email", "supervisor_phone")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_correct(request, public_id):
    participant = _participant_for_staff(public_id)
    return _correct(
        request,
        participant=participant,
        back=reverse("placements:staff_detail", args=[participant.public_id]),
        done=_("The placement is corrected."),
    )
