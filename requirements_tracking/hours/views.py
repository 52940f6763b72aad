"""The participant's own hours: progress, their entries, logging and changing an entry.

Entries are found through the signed-in person: someone else's entry is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from cohorts.selectors import current_participation, own_participation_or_404
from cpse.forms import posted
from requirements_tracking.hours import selectors, services
from requirements_tracking.hours.forms import ERROR_FIELDS, HourEntryForm
from requirements_tracking.hours.rules import HourEntryError
from requirements_tracking.progress import next_step, participant_progress

ENTRIES_PER_PAGE = 25


@require_GET
@login_required
def my_hours(request):
    participant = current_participation(request.user)
    context = {"participant": participant}
    if participant is not None:
        progress = participant_progress(participant)
        context.update(
            progress=progress,
            next_step=next_step(progress),
            page_obj=Paginator(selectors.entries_for_participant(participant), ENTRIES_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            can_log=participant.taking_part,
        )
    return render(request, "requirements_tracking/my_hours.html", context)


def _save(form, service, **kwargs) -> bool:
    """Call the service with the form's data; a refusal goes next to its field."""
    try:
        service(**form.cleaned_data, **kwargs)
    except HourEntryError as error:
        form.add_error(ERROR_FIELDS.get(error.code), str(error))
        return False
    return True


@sensitive_post_parameters("reflection")
@require_http_methods(["GET", "POST"])
@login_required
def entry_create(request):
    participant = own_participation_or_404(request.user)
    requirement = selectors.loggable_requirement(participant)
    if requirement is None:
        raise Http404
    form = HourEntryForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.hour_entry_submit, participant=participant, requirement=requirement)
    ):
        messages.success(request, _("Thank you. Your hours are logged and wait for review."))
        return redirect("requirements_tracking:mine")
    return render(request, "requirements_tracking/entry_form.html", {"form": form, "requirement": requirement})


@sensitive_post_parameters("reflection")
@require_http_methods(["GET", "POST"])
@login_required
def entry_edit(request, public_id):
    entry = selectors.entry_for_participant(user=request.user, public_id=public_id)
    if entry is None:
        raise Http404
    if not entry.can_change:
        messages.info(request, _("These hours are approved, so they can no longer be changed."))
        return redirect("requirements_tracking:mine")
    form = HourEntryForm(posted(request), initial=HourEntryForm.initial_from(entry))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.hour_entry_update, entry=entry, participant=entry.participant)
    ):
        messages.success(request, _("Thank you. Your changes are saved and wait for review."))
        return redirect("requirements_tracking:mine")
    return render(
        request,
        "requirements_tracking/entry_form.html",
        {"form": form, "requirement": entry.requirement, "entry": entry},
    )
