"""Observed practice: the staff overview of a cohort, one participant's checklist with
their history (program staff and instructors), and the participant's own page.

A participant is found by their public id: an unknown one (or one who withdrew) is a
404 for those who may use these pages (the others are refused before the lookup). The
participant's page is found through the signed-in person."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from cohorts.selectors import current_participation
from cohorts.services import working_cohort_choose
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from requirements_tracking.competency import services
from requirements_tracking.competency.forms import ASSESSMENT_ERROR_FIELDS, ChecklistForm, CohortChoiceForm
from requirements_tracking.competency.selectors import (
    active_competencies,
    assessment_history,
    cohort_overview,
    own_observed_practice,
    participant_for_assessor,
)
from requirements_tracking.models import CompetencyAssessment


def _participant(public_id):
    participant = participant_for_assessor(public_id)
    if participant is None:
        raise Http404
    return participant


@require_GET
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def overview(request):
    """A cohort's participants × active competencies, each with their latest result."""
    data = request.GET.copy()
    form = CohortChoiceForm(data)
    asked = form.chosen(default=None)
    cohort = working_cohort_choose(user=request.user, asked=asked, session=request.session)
    if asked is None and cohort is not None:
        data["cohort"] = cohort.pk  # so the select shows the cohort the page opens on
    return render(
        request,
        "requirements_tracking/competency/overview.html",
        {"form": form, "overview": cohort_overview(cohort) if cohort else None},
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def checklist(request, public_id):
    participant = _participant(public_id)
    form = ChecklistForm(posted(request), competencies=active_competencies())
    if request.method == "POST" and form.is_valid():
        try:
            added = services.competency_assessments_record(
                participant=participant,
                assessor=request.user,
                setting=form.cleaned_data["setting"],
                observed_on=form.cleaned_data["observed_on"],
                results=form.results(),
            )
        except services.CompetencyAssessmentError as error:
            form.add_error(form.field_for(error.competency_id) or ASSESSMENT_ERROR_FIELDS.get(error.code), str(error))
        else:
            if added:
                message = ngettext(
                    "Thank you. %(count)s observation for %(name)s is saved.",
                    "Thank you. %(count)s observations for %(name)s are saved.",
                    len(added),
                )
            else:
                message = _("These observations for %(name)s were already saved.")
            messages.success(request, message % {"count": len(added), "name": participant.user})
            return redirect("competency:checklist", public_id=participant.public_id)
    else:
        # Opening the page shows the person's record (history and evidence): noted.
        access_log_record(
            viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
        )
    return render(
        request,
        "requirements_tracking/competency/checklist.html",
        {
            "form": form,
            "participant": participant,
            "history": assessment_history(participant),
            "back": f"{reverse('competency:overview')}?{urlencode({'cohort': participant.cohort_id})}",
        },
    )


@require_GET
@login_required
def mine(request):
    participant = current_participation(request.user)
    context = {"participant": participant}
    if participant is not None:
        statuses = own_observed_practice(participant)
        met = sum(1 for s in statuses if s.latest and s.latest.result == CompetencyAssessment.Result.MET)
        context.update(statuses=statuses, met=met)
    return render(request, "requirements_tracking/competency/mine.html", context)
