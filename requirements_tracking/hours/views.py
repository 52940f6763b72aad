"""The participant's own hours: progress, their entries, logging, changing and
withdrawing an entry, and downloading the document attached to one.

Entries are found through the signed-in person: someone else's entry is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.selectors import current_participation, own_participation_or_404
from cpse.forms import posted_files, posted_or_restored
from cpse.uploads import document_download
from requirements_tracking.hours import selectors, services
from requirements_tracking.hours.forms import ERROR_FIELDS, HourEntryForm
from requirements_tracking.hours.rules import HourEntryError, loggable_dates, withdraw_check
from requirements_tracking.progress import next_step, participant_progress

ENTRIES_PER_PAGE = 25
# What a downloaded document is called (plus .pdf, .jpg or .png): neutral, never her own file name.
EVIDENCE_FILE_NAME = "hours-document"
# The entries withdrawn in this session lately (public ids): a second "Withdraw" (a double
# click, or Back) finds the entry gone and is told so calmly; any other unknown entry is a 404.
WITHDRAWN = "cpse_withdrawn_hour_entries"
WITHDRAWN_KEPT = 10


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
    form = HourEntryForm(
        posted_or_restored(request),
        posted_files(request),
        dates=loggable_dates(participant, timezone.localdate()),
        evidence_required=requirement.evidence_required,
    )
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
    form = HourEntryForm(
        posted_or_restored(request),
        posted_files(request),
        initial=HourEntryForm.initial_from(entry),
        dates=loggable_dates(entry.participant, timezone.localdate()),
        evidence_required=entry.requirement.evidence_required,
        attached=entry.evidence_kind,
    )
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


@require_GET
@login_required
def entry_evidence(request, public_id):
    """The document the person attached to one of their own entries."""
    entry = selectors.entry_for_participant(user=request.user, public_id=public_id)
    if entry is None:
        raise Http404
    return document_download(entry.evidence, name=EVIDENCE_FILE_NAME)


def _entry_to_withdraw(request, public_id):
    """(the person's entry, None), or (None, the answer instead): a calm note for an entry
    withdrawn in this session a moment ago, 404 for anybody else's or an unknown one."""
    entry = selectors.entry_for_participant(user=request.user, public_id=public_id)
    if entry is not None:
        return entry, None
    if str(public_id) in request.session.get(WITHDRAWN, ()):
        messages.info(request, _("These hours are already withdrawn."))
        return None, redirect("requirements_tracking:mine")
    raise Http404


@require_GET
@login_required
def entry_withdraw_confirm(request, public_id):
    """Asks before withdrawing (a page, not a script: the site's CSP allows no inline script)."""
    entry, answer = _entry_to_withdraw(request, public_id)
    if answer is not None:
        return answer
    try:
        withdraw_check(entry)
    except HourEntryError as error:
        messages.info(request, str(error))
        return redirect("requirements_tracking:mine")
    return render(request, "requirements_tracking/entry_withdraw.html", {"entry": entry})


@require_POST
@login_required
def entry_withdraw(request, public_id):
    entry, answer = _entry_to_withdraw(request, public_id)
    if answer is not None:
        return answer
    try:
        services.hour_entry_withdraw(entry=entry, by=request.user)
    except HourEntryError as error:
        messages.info(request, str(error))
    else:
        request.session[WITHDRAWN] = [*request.session.get(WITHDRAWN, ()), str(public_id)][-WITHDRAWN_KEPT:]
        messages.success(request, _("Your hours of %(date)s are withdrawn.") % {"date": date_format(entry.date)})
    return redirect("requirements_tracking:mine")
