"""Evaluation survey pages: the participant's surveys (answer or "No thanks"), and the
results for program staff as aggregates (page, spreadsheet, funder's PDF).

A survey is found among the signed-in person's own invitations (by the survey's name:
there is one per person and survey); without one, 404. Answers are kept out of error
reports. Staff pages read only aggregates: no page here can show a person's answers."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from checkins.models import SurveyInvitation
from checkins.surveys import selectors, services
from checkins.surveys.forms import COMMENT, SurveyForm
from checkins.surveys.pdf import survey_summary_pdf
from checkins.surveys.questions import QUESTIONS

ANSWERS = tuple({question.key for questions in QUESTIONS.values() for question in questions}) + (COMMENT,)


def _own_invitation(request, survey: str) -> SurveyInvitation:
    invitation = selectors.invitation_for_owner(user=request.user, survey=survey)
    if invitation is None:
        raise Http404
    return invitation


@require_GET
@login_required
def mine(request):
    return render(
        request,
        "checkins/surveys/mine.html",
        {"invitations": selectors.invitations_for_owner(request.user), "threshold": selectors.threshold()},
    )


@sensitive_post_parameters(*ANSWERS)
@require_http_methods(["GET", "POST"])
@login_required
def survey(request, survey):
    invitation = _own_invitation(request, survey)
    if invitation.answered:
        if request.method == "POST":
            messages.info(request, _("You have already answered this survey. Thank you."))
        return redirect("surveys:thanks", survey=survey)
    if invitation.declined:
        messages.info(request, _("You chose not to answer this survey, so we will not ask again."))
        return redirect("surveys:mine")
    form = SurveyForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(invitation=invitation, answers=form.answers(), comment=form.cleaned_data[COMMENT])
        except services.SurveyError as error:
            if error.code == "already_answered":
                messages.info(request, str(error))
                return redirect("surveys:thanks", survey=survey)
            form.add_error(error.code if error.code in form.fields else None, str(error))
        else:
            return redirect("surveys:thanks", survey=survey)
    return render(
        request,
        "checkins/surveys/survey.html",
        {"invitation": invitation, "form": form, "threshold": selectors.threshold()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def decline(request, survey):
    """ "No thanks": a page that says what it means, then the choice (POST)."""
    invitation = _own_invitation(request, survey)
    if invitation.answered:
        return redirect("surveys:thanks", survey=survey)
    if request.method == "POST":
        try:
            services.survey_decline(invitation=invitation)
        except services.SurveyError:  # answered meanwhile (another tab)
            return redirect("surveys:thanks", survey=survey)
        messages.success(request, _("That is fine. We will not ask you about this survey again."))
        return redirect("surveys:mine")
    return render(request, "checkins/surveys/decline.html", {"invitation": invitation})


@require_GET
@login_required
def thanks(request, survey):
    invitation = _own_invitation(request, survey)
    if not invitation.answered:
        return redirect("surveys:survey", survey=survey)
    return render(request, "checkins/surveys/thanks.html", {"invitation": invitation})


# --- Staff: results as aggregates ------------------------------------------------------------


def _cohort(cohort_id: int):
    cohort = selectors.cohort_for_staff(cohort_id)
    if cohort is None:
        raise Http404
    return cohort


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_index(request):
    page = Paginator(selectors.survey_groups(), 50).get_page(request.GET.get("page"))
    return render(request, "checkins/surveys/staff_index.html", {"page": page, "threshold": selectors.threshold()})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_cohort(request, cohort_id):
    cohort = _cohort(cohort_id)
    results = selectors.survey_results([cohort], with_comments=True, with_rates=True)
    return render(
        request,
        "checkins/surveys/staff_cohort.html",
        {"cohort": cohort, "results": results, "threshold": selectors.threshold()},
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_download(request, cohort_id):
    """One row per survey, question and answer: counts as shown on the page (small ones
    as "fewer than N", those that would give one away as "not shown"), no comments,
    nothing about a person. Each survey starts with its response rate (who was invited,
    answered, said no thanks), suppressed the same way."""
    cohort = _cohort(cohort_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cpse-survey-results.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Cohort"), _("Survey"), _("Answers"), _("Question"), _("Answer"), _("How many")])
    for result in selectors.survey_results([cohort], with_rates=True):
        head = [str(cohort), result.label]
        if result.rate is not None:
            row = [*head, result.shown, _("Response rate")]
            writer.writerow([*row, _("Invited"), result.rate.invited])
            writer.writerow([*row, _("Answered"), result.rate.answered])
            writer.writerow([*row, _("Said no thanks"), result.rate.declined])
            writer.writerow([*row, _("Not answered yet"), result.rate.waiting])
        if not result.count:
            continue
        if result.small:
            writer.writerow([*head, _("fewer than %(number)s answers") % {"number": result.threshold}, "", "", ""])
            continue
        for question in result.questions:
            row = [*head, result.count, str(question.question.text)]
            writer.writerow([*row, _("Answered"), question.shown_answered])
            for option in question.options:
                writer.writerow([*row, option.label, option.shown])
            if question.mean is not None:
                writer.writerow([*row, _("Average (1 to 5)"), question.mean])
    return response


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_pdf(request, cohort_id):
    cohort = _cohort(cohort_id)
    response = HttpResponse(
        survey_summary_pdf(cohort, selectors.survey_results([cohort], with_rates=True)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = 'attachment; filename="cpse-survey-summary.pdf"'
    return response
