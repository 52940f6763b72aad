"""Readiness pages.

- The person: `readiness/interview/` (an applicant around their interview) and
  `readiness/before-practicum/` (a participant), to answer a few gentle questions, save
  them and send them when ready; afterwards they read their answers and the team's notes.
- Program staff: `staff/readiness/` (answers waiting for a judgement, current pauses,
  "more preparation" without a pause), one page per application or participant to read
  the answers and record the judgement (each view is written to the access log), and
  pausing a participant's program with a plan, changing its return date or ending it.
- Instructors: the judgement at interview, for interviews they have scored (they were
  its interviewers); other applications are not found for them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from applications.selectors import application_for_applicant
from cohorts.pauses.selectors import current_pauses, open_pause, pauses_for_participant
from cohorts.pauses.services import PauseError, program_pause_end, program_pause_extend, program_pause_start
from cohorts.selectors import current_participation, participant_for_staff
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from requirements_tracking.models import ReadinessAssessment
from requirements_tracking.readiness import selectors, services
from requirements_tracking.readiness.forms import (
    PAUSE_ERROR_FIELDS,
    SEND,
    EndPauseForm,
    ExtendForm,
    JudgementForm,
    PauseForm,
    SelfAssessmentForm,
)
from requirements_tracking.readiness.questions import answers_shown

PAGE_SIZE = 50
Stage = ReadinessAssessment.Stage


# --- The person ---------------------------------------------------------------------------


@sensitive_variables("form")
def _self_page(request, *, stage: str, assessment, can_answer: bool, save_kwargs: dict, back: str):
    # Answers the team has talked through are kept as they were.
    can_answer = can_answer and not (assessment and assessment.outcome)
    if request.method == "POST" and not can_answer:
        messages.info(request, _("These questions cannot be answered just now."))
        return redirect(request.path)
    sending = request.POST.get("action") == SEND
    form = SelfAssessmentForm(posted(request), sending=sending, initial=SelfAssessmentForm.initial_from(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_self_save(answers=form.answers(), submit=sending, **save_kwargs)
        except services.ReadinessError as error:
            form.add_error(None, str(error))
        else:
            if sending:
                messages.success(request, _("Thank you. Your answers are with the program team."))
            else:
                messages.success(request, _("Your answers are saved. You can come back to them."))
            return redirect(request.path)
    return render(
        request,
        "requirements_tracking/readiness/self.html",
        {
            "stage": stage,
            "assessment": assessment,
            "answers": answers_shown(assessment.self_answers) if assessment else [],
            "can_answer": can_answer,
            "form": form,
            "back": back,
        },
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def interview(request):
    application = application_for_applicant(request.user)
    assessment = selectors.interview_assessment(application) if application else None
    if application is None or (assessment is None and application.status not in services.INTERVIEW_STATUSES):
        if request.method == "POST":
            raise Http404
        return render(request, "requirements_tracking/readiness/self.html", {"stage": Stage.INTERVIEW})
    return _self_page(
        request,
        stage=Stage.INTERVIEW,
        assessment=assessment,
        can_answer=application.status in services.INTERVIEW_STATUSES,
        save_kwargs={"application": application},
        back=reverse("applications:mine"),
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def before_practicum(request):
    participant = current_participation(request.user)
    if participant is None:
        if request.method == "POST":
            raise Http404
        return render(request, "requirements_tracking/readiness/self.html", {"stage": Stage.BEFORE_PRACTICUM})
    assessment = selectors.latest_practicum_assessment(participant)
    # A judged round is shown as it is; "Answer again" (?new=1) starts a new round.
    if assessment and assessment.outcome and (request.GET.get("new") == "1" or request.method == "POST"):
        assessment = None
    return _self_page(
        request,
        stage=Stage.BEFORE_PRACTICUM,
        assessment=assessment,
        can_answer=participant.taking_part,
        save_kwargs={"participant": participant},
        back=reverse("practicum:mine"),
    )


# --- Staff: lists -------------------------------------------------------------------------

LISTS = {
    "waiting": selectors.waiting_for_judgement,
    "pauses": current_pauses,
    "preparation": selectors.more_preparation_not_paused,
}


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_list(request):
    show = request.GET.get("show") if request.GET.get("show") in LISTS else "waiting"
    page = Paginator(LISTS[show](), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "requirements_tracking/readiness/staff_list.html",
        {"show": show, "page_obj": page, "query_prefix": f"show={show}&"},
    )


# --- Staff: one application or participant ------------------------------------------------


def _judge(request, form, **kwargs) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        services.readiness_judge(
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["notes"],
            new_round=form.cleaned_data.get("new_round", False),
            by=request.user,
            **kwargs,
        )
    except services.ReadinessError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("The readiness judgement is saved."))
    return True


@sensitive_post_parameters("notes")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def staff_application(request, public_id):
    application = selectors.application_for_readiness(public_id)
    if application is None or not selectors.may_judge_at_interview(request.user, application):
        raise Http404
    assessment = selectors.interview_assessment(application)
    form = JudgementForm(posted(request), initial=JudgementForm.initial_from(assessment))
    if _judge(request, form, application=application):
        return redirect("readiness:staff_application", public_id=application.public_id)
    if request.method == "GET":
        access_log_record(
            viewer=request.user, subject=application.applicant, record_kind=AccessLogEntry.RecordKind.APPLICATION
        )
    return render(
        request,
        "requirements_tracking/readiness/staff_application.html",
        {
            "application": application,
            "assessment": assessment,
            "answers": answers_shown(assessment.self_answers) if assessment else [],
            "form": form,
        },
    )


def _participant(public_id):
    participant = participant_for_staff(public_id)
    if participant is None:
        raise Http404
    return participant


def _participant_page(request, participant, **forms):
    assessments = selectors.practicum_assessments(participant)
    latest = assessments[0] if assessments else None
    pause = open_pause(participant)
    context = {
        "participant": participant,
        "assessment": latest,
        "answers": answers_shown(latest.self_answers) if latest else [],
        "earlier": assessments[1:],
        "pause": pause,
        "pauses": list(pauses_for_participant(participant)),
        "form": JudgementForm(
            initial=JudgementForm.initial_from(latest), offer_new_round=bool(latest and latest.outcome)
        ),
        "extend_form": ExtendForm(initial={"return_on": pause.return_on} if pause else None),
        "end_form": EndPauseForm(),
        **forms,
    }
    return render(request, "requirements_tracking/readiness/staff_participant.html", context)


@sensitive_post_parameters("notes")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_participant(request, public_id):
    participant = _participant(public_id)
    latest = selectors.latest_practicum_assessment(participant)
    form = JudgementForm(
        posted(request), initial=JudgementForm.initial_from(latest), offer_new_round=bool(latest and latest.outcome)
    )
    if _judge(request, form, participant=participant):
        return redirect("readiness:staff_participant", public_id=participant.public_id)
    if request.method == "GET":
        access_log_record(
            viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
        )
    return _participant_page(request, participant, form=form)


def _pause_refused(form, error: PauseError) -> None:
    form.add_error(PAUSE_ERROR_FIELDS.get(error.code), str(error))


@sensitive_post_parameters("plan")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def pause_start(request, public_id):
    participant = _participant(public_id)
    if open_pause(participant) is not None:
        messages.info(request, _("This participant's program is already paused."))
        return redirect("readiness:staff_participant", public_id=participant.public_id)
    form = PauseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pause = program_pause_start(
                participant=participant,
                plan=form.cleaned_data["plan"],
                return_on=form.cleaned_data["return_on"],
                by=request.user,
            )
        except PauseError as error:
            _pause_refused(form, error)
        else:
            messages.success(
                request,
                _("The program is paused until %(date)s. The participant's progress is kept.")
                % {"date": date_format(pause.return_on)},
            )
            return redirect("readiness:staff_participant", public_id=participant.public_id)
    return render(
        request, "requirements_tracking/readiness/pause_start.html", {"participant": participant, "form": form}
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def pause_extend(request, public_id):
    participant = _participant(public_id)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            pause = program_pause_extend(
                participant=participant, return_on=form.cleaned_data["return_on"], by=request.user
            )
        except PauseError as error:
            _pause_refused(form, error)
        else:
            messages.success(request, _("The return date is now %(date)s.") % {"date": date_format(pause.return_on)})
            return redirect("readiness:staff_participant", public_id=participant.public_id)
    return _participant_page(request, participant, extend_form=form)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def pause_end(request, public_id):
    participant = _participant(public_id)
    form = EndPauseForm(request.POST)
    if form.is_valid():
        try:
            program_pause_end(participant=participant, by=request.user)
        except PauseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The pause has ended. The participant is back in the program."))
            return redirect("readiness:staff_participant", public_id=participant.public_id)
    return _participant_page(request, participant, end_form=form)
