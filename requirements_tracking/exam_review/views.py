"""After the exam: the blind scoring queue and scoring page (program staff and
instructors), re-scoring, the attempt overview, remediation and appeals (program
staff), and the participant's appeal page (their own attempt only; others are 404)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from requirements_tracking.exam.scoring import scorers_needed
from requirements_tracking.exam_review import selectors, services
from requirements_tracking.exam_review.forms import (
    EXAM_REVIEW_ERROR_FIELDS,
    AppealDecisionForm,
    AppealForm,
    ExamFilterForm,
    RemediationForm,
    RescoreForm,
    ScoreForm,
)
from requirements_tracking.models import Attempt, ExamAppeal, Question, RemediationPlan

PAGE_SIZE = 50
SCORERS = (Role.PROGRAM_STAFF, Role.INSTRUCTOR)


def _refused(form, error: services.ExamReviewError) -> None:
    form.add_error(EXAM_REVIEW_ERROR_FIELDS.get(error.code), str(error))


def _filtered(request):
    form = ExamFilterForm(request.GET)
    exam = form.chosen_exam()
    query_prefix = f"{urlencode({'exam': exam.pk})}&" if exam else ""
    return form, exam, query_prefix


def _answer(answer_id):
    answer = selectors.answer_for_scoring(answer_id)
    if answer is None or answer.version.question.kind in Question.AUTO_SCORED:
        raise Http404
    return answer


def _scoring_context(answer, **extra) -> dict:
    current = [score for score in answer.history if score.replaced_at is None]
    return {
        "answer": answer,
        "attempt": answer.attempt,
        "label": selectors.candidate_label(answer.attempt.public_id),
        "history": answer.history,
        "current": current,
        **extra,
    }


# --- Scoring -----------------------------------------------------------------------------


@require_GET
@role_required(*SCORERS)
def queue(request):
    form, exam, query_prefix = _filtered(request)
    page = Paginator(selectors.scoring_queue(exam=exam, user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(answer, selectors.candidate_label(answer.attempt.public_id)) for answer in page.object_list]
    return render(
        request,
        "requirements_tracking/exam_review/queue.html",
        {"form": form, "page_obj": page, "rows": rows, "filtered": exam is not None, "query_prefix": query_prefix},
    )


@sensitive_post_parameters("comment")
@require_http_methods(["GET", "POST"])
@role_required(*SCORERS)
def score(request, answer_id):
    answer = _answer(answer_id)
    form = ScoreForm(posted(request), most=answer.version.points)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_score_record(
                answer=answer,
                scorer=request.user,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        except services.ExamReviewError as error:
            _refused(form, error)
        else:
            if request.POST.get("then") != "next":
                messages.success(request, _("Thank you. Your score is saved."))
                return redirect("exam_review:queue")
            following = selectors.next_answer_to_score(user=request.user)
            if following is None:
                messages.success(
                    request, _("Thank you. Your score is saved. No more answers are waiting for a score from you.")
                )
                return redirect("exam_review:queue")
            messages.success(request, _("Thank you. Your score is saved. Here is the next answer."))
            return redirect("exam_review:score", answer_id=following.pk)
    current = [s for s in answer.history if s.replaced_at is None]
    needed = scorers_needed(answer.attempt.exam)
    can_score = (
        answer.attempt.status in services.SCORABLE
        and len(current) < needed
        and not any(s.scorer_id == request.user.pk for s in current)
    )
    return render(
        request,
        "requirements_tracking/exam_review/score.html",
        _scoring_context(
            answer,
            form=form,
            can_score=can_score or request.method == "POST",
            needed=needed,
            can_rescore=request.user.has_role(Role.PROGRAM_STAFF) and bool(current),
        ),
    )


@sensitive_post_parameters("comment", "reason")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def rescore(request, answer_id):
    answer = _answer(answer_id)
    current = [s for s in answer.history if s.replaced_at is None]
    form = RescoreForm(posted(request), most=answer.version.points, current=current, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_rescore(
                answer=answer,
                scorer=request.user,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
                reason=form.cleaned_data["reason"],
                replaces=form.chosen_score(),
            )
        except services.ExamReviewError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The new score is saved; the earlier one stays on record."))
            return redirect("exam_review:attempt", public_id=answer.attempt.public_id)
    return render(request, "requirements_tracking/exam_review/rescore.html", _scoring_context(answer, form=form))


# --- Attempts and remediation (program staff) ---------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def attempts(request):
    form, exam, query_prefix = _filtered(request)
    page = Paginator(selectors.attempts_for_staff(exam=exam), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "requirements_tracking/exam_review/attempts.html",
        {"form": form, "page_obj": page, "filtered": exam is not None, "query_prefix": query_prefix},
    )


def _attempt(public_id) -> Attempt:
    attempt = selectors.attempt_for_staff(public_id)
    if attempt is None:
        raise Http404
    return attempt


def _plan(attempt: Attempt) -> RemediationPlan | None:
    try:
        return attempt.remediation
    except RemediationPlan.DoesNotExist:
        return None


@require_GET
@role_required(Role.PROGRAM_STAFF)
def attempt(request, public_id):
    attempt = _attempt(public_id)
    access_log_record(
        viewer=request.user, subject=attempt.participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
    )
    return render(
        request,
        "requirements_tracking/exam_review/attempt.html",
        {
            "attempt": attempt,
            "plan": _plan(attempt),
            "label": selectors.candidate_label(attempt.public_id),
            "last_day": services.appeal_last_day(attempt),
        },
    )


@sensitive_post_parameters("plan")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def remediation(request, public_id):
    attempt = _attempt(public_id)
    plan = _plan(attempt)
    if plan is None:
        raise Http404
    form = RemediationForm(posted(request), initial={"plan": plan.plan, "review_by": plan.review_by})
    if request.method == "POST" and plan.completed_at is None and form.is_valid():
        try:
            services.remediation_plan_update(
                plan=plan, text=form.cleaned_data["plan"], review_by=form.cleaned_data["review_by"], by=request.user
            )
        except services.ExamReviewError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The plan is saved. We let the participant know there is news."))
            return redirect("exam_review:attempt", public_id=attempt.public_id)
    return render(
        request,
        "requirements_tracking/exam_review/remediation.html",
        {"attempt": attempt, "plan": plan, "form": form, "today": timezone.localdate()},
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def remediation_complete(request, public_id):
    attempt = _attempt(public_id)
    plan = _plan(attempt)
    if plan is None:
        raise Http404
    try:
        services.remediation_plan_complete(plan=plan, by=request.user)
    except services.ExamReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The plan is marked completed."))
    return redirect("exam_review:attempt", public_id=attempt.public_id)


# --- Appeals -----------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def appeals(request):
    page = Paginator(selectors.appeals_for_staff(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "requirements_tracking/exam_review/appeals.html", {"page_obj": page, "query_prefix": ""})


@sensitive_post_parameters("review_notes", "outcome")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def appeal_decide(request, public_id):
    appeal = selectors.appeal_for_staff(public_id)
    if appeal is None:
        raise Http404
    form = AppealDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_appeal_decide(appeal=appeal, by=request.user, **form.cleaned_data)
        except services.ExamReviewError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The decision is saved. We let the participant know there is news."))
            return redirect("exam_review:appeals")
    return render(
        request,
        "requirements_tracking/exam_review/appeal_decide.html",
        {
            "appeal": appeal,
            "attempt": appeal.attempt,
            "form": form,
            "last_day": services.appeal_last_day(appeal.attempt),
            "is_open": appeal.status == ExamAppeal.Status.OPEN,
        },
    )


@sensitive_post_parameters("reason")
@require_http_methods(["GET", "POST"])
@login_required
def appeal(request, public_id):
    attempt = selectors.attempt_for_participant(user=request.user, public_id=public_id)
    if attempt is None:
        raise Http404
    form = AppealForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_appeal_submit(attempt=attempt, reason=form.cleaned_data["reason"])
        except services.ExamReviewError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Thank you. Your request for a review is sent. We will write when it is done."))
            return redirect("exam_review:appeal", public_id=attempt.public_id)
    last_day = services.appeal_last_day(attempt)
    is_open = any(a.status == ExamAppeal.Status.OPEN for a in attempt.appeal_list)
    can_appeal = (
        attempt.status == Attempt.Status.FINAL
        and last_day is not None
        and timezone.localdate() <= last_day
        and not is_open
    )
    return render(
        request,
        "requirements_tracking/exam_review/appeal.html",
        {
            "attempt": attempt,
            "appeals": attempt.appeal_list,
            "form": form,
            "last_day": last_day,
            "can_appeal": can_appeal or request.method == "POST",
            "result_path": services.result_path(attempt),
        },
    )
