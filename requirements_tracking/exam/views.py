"""The participant's exam: the exam page, starting, taking it (answers saved as they go,
with or without JavaScript), the review page, submitting, and the result.

An attempt is found by its public id among the signed-in person's own attempts: anyone
else's, or an unknown one, is a 404."""

import math
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cohorts.selectors import current_participation
from requirements_tracking.exam import services
from requirements_tracking.exam.forms import AnswersForm, field_name
from requirements_tracking.exam.selectors import (
    accommodation_for,
    attempt_answers,
    attempt_for_owner,
    exam_for_participant,
    exam_page,
    result_page,
)
from requirements_tracking.models import Answer, Attempt, Exam

S = Attempt.Status
AUTOSAVE_HEADER = "X-Exam-Autosave"
NEXT, PREVIOUS, REVIEW = "next", "previous", "review"


def _attempt(request, public_id) -> Attempt:
    attempt = attempt_for_owner(user=request.user, public_id=public_id)
    if attempt is None:
        raise Http404
    return attempt


def _url(name: str, attempt: Attempt) -> str:
    return reverse(f"exam:{name}", args=[attempt.public_id])


def _closed_on_the_spot(request, attempt: Attempt) -> bool:
    """An attempt whose time is up is submitted as soon as it is opened (with what was saved)."""
    if services.attempt_close_if_expired(attempt=attempt):
        messages.info(request, _("The time for this exam is up. Everything you saved has been submitted."))
        return True
    return False


@require_GET
@login_required
def mine(request):
    participant = current_participation(request.user)
    context = {"participant": participant}
    if participant is not None:
        now = timezone.now()
        services.attempts_close_expired(now=now, participant=participant)
        context["page"] = exam_page(participant, now=now)
    return render(request, "requirements_tracking/exam/mine.html", context)


@require_POST
@login_required
def start(request):
    participant = current_participation(request.user)
    exam = participant and exam_for_participant(participant)
    if not exam:
        raise Http404
    try:
        attempt = services.attempt_start(participant=participant, exam=exam)
    except services.ExamError as error:
        if error.code == "in_progress":  # a double click, or a second tab: carry on
            attempt = Attempt.objects.filter(exam=exam, participant=participant, status=S.IN_PROGRESS).first()
            if attempt is not None:
                return redirect(_url("take", attempt))
        messages.error(request, str(error))
        return redirect("exam:mine")
    return redirect(_url("take", attempt))


@dataclass(frozen=True)
class _Sitting:
    """An attempt in progress as its pages show it: its questions, one per page or all on
    one (the read-aloud accommodation always has one per page)."""

    attempt: Attempt
    answers: list[Answer]
    one_per_page: bool
    read_aloud: bool

    def page_number(self, value) -> int:
        """The question shown (1-based) from the request; anything odd is the first."""
        if not self.one_per_page:
            return 1
        try:
            number = int(value)
        except (TypeError, ValueError):
            return 1
        return min(max(number, 1), max(len(self.answers), 1))

    def shown(self, page: int) -> list[Answer]:
        return self.answers[page - 1 : page] if self.one_per_page else self.answers

    def context(self, page: int = 1) -> dict:
        seconds_left = max(0, int((self.attempt.deadline_at - timezone.now()).total_seconds()))
        return {
            "attempt": self.attempt,
            "exam": self.attempt.exam,
            "one_per_page": self.one_per_page,
            "page": page,
            "count": len(self.answers),
            "is_first": page == 1,
            "is_last": page >= len(self.answers),
            "read_aloud": self.read_aloud,
            "seconds_left": seconds_left,
            "minutes_left": math.ceil(seconds_left / 60),
        }


def _sitting(attempt: Attempt) -> _Sitting:
    accommodation = accommodation_for(exam_id=attempt.exam_id, participant_id=attempt.participant_id)
    read_aloud = bool(accommodation and accommodation.read_aloud_layout)
    return _Sitting(
        attempt=attempt,
        answers=attempt_answers(attempt),
        one_per_page=read_aloud or attempt.exam.layout == Exam.Layout.ONE_PER_PAGE,
        read_aloud=read_aloud,
    )


@require_GET
@login_required
def take(request, public_id):
    attempt = _attempt(request, public_id)
    if attempt.status != S.IN_PROGRESS or _closed_on_the_spot(request, attempt):
        return redirect(_url("result", attempt))
    sitting = _sitting(attempt)
    page = sitting.page_number(request.GET.get("q"))
    form = AnswersForm(answers=sitting.shown(page))
    return render(request, "requirements_tracking/exam/take.html", {"form": form, **sitting.context(page)})


@require_POST
@login_required
def save(request, public_id):
    """Save the answers of one page. A normal submit goes on to the next or previous page
    or the review page; exam.js posts here in the background (and gets JSON back)."""
    attempt = _attempt(request, public_id)
    background = request.headers.get(AUTOSAVE_HEADER) == "1"
    sitting = _sitting(attempt)
    page = sitting.page_number(request.POST.get("page"))
    form = AnswersForm(request.POST, answers=sitting.shown(page))
    form.is_valid()
    try:
        if attempt.status != S.IN_PROGRESS:
            raise services.ExamError(_("This attempt is already submitted, so answers can no longer change."))
        if services.attempt_close_if_expired(attempt=attempt):
            raise services.time_up()
        # Whatever is valid is saved; what is not is shown again with its message.
        for position, response in form.responses().items():
            try:
                services.answer_save(attempt=attempt, position=position, response=response)
            except services.ExamError as error:
                if error.code in services.ATTEMPT_CLOSED:
                    raise
                form.add_error(field_name(position), str(error))
    except services.ExamError as error:
        if background:
            return JsonResponse(
                {"saved": False, "message": str(error), "location": _url("result", attempt)}, status=409
            )
        messages.info(request, str(error))
        return redirect(_url("result", attempt))
    if form.errors:
        if background:  # nothing is marked on the page: say what is wrong
            first = next(iter(form.errors.values()))[0]
            return JsonResponse({"saved": False, "message": _("Not saved: %(why)s") % {"why": first}}, status=400)
        context = {"form": form, **sitting.context(page)}
        return render(request, "requirements_tracking/exam/take.html", context, status=400)
    if background:
        when = time_format(timezone.localtime(), "TIME_FORMAT")
        return JsonResponse({"saved": True, "message": _("Saved at %(time)s") % {"time": when}})
    go = request.POST.get("go", NEXT)
    if sitting.one_per_page and go == PREVIOUS and page > 1:
        return redirect(f"{_url('take', attempt)}?q={page - 1}")
    if sitting.one_per_page and go == NEXT and page < len(sitting.answers):
        return redirect(f"{_url('take', attempt)}?q={page + 1}")
    return redirect(_url("review", attempt))


@require_GET
@login_required
def review(request, public_id):
    attempt = _attempt(request, public_id)
    if attempt.status != S.IN_PROGRESS or _closed_on_the_spot(request, attempt):
        return redirect(_url("result", attempt))
    sitting = _sitting(attempt)
    rows = []
    for answer in sitting.answers:
        picked = answer.picked_texts if answer.version.question.auto_scored else []
        text = "" if answer.version.question.auto_scored else (answer.response.get("text") or "").strip()
        rows.append({"answer": answer, "picked": picked, "text": text, "answered": bool(picked or text)})
    context = {
        "rows": rows,
        "unanswered": sum(1 for row in rows if not row["answered"]),
        **sitting.context(),
    }
    return render(request, "requirements_tracking/exam/review.html", context)


@require_POST
@login_required
def submit(request, public_id):
    attempt = _attempt(request, public_id)
    if _closed_on_the_spot(request, attempt):
        return redirect(_url("result", attempt))
    try:
        services.attempt_submit(attempt=attempt)
    except services.ExamError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, _("Your exam is submitted. Thank you."))
    return redirect(_url("result", attempt))


@require_GET
@login_required
def result(request, public_id):
    attempt = _attempt(request, public_id)
    if attempt.status == S.IN_PROGRESS and not _closed_on_the_spot(request, attempt):
        return redirect(_url("take", attempt))
    if attempt.status != S.FINAL:
        return render(request, "requirements_tracking/exam/waiting.html", {"attempt": attempt, "exam": attempt.exam})
    page = result_page(attempt)
    return render(
        request,
        "requirements_tracking/exam/result.html",
        {"attempt": attempt, "exam": attempt.exam, "feedback": page.feedback, "remediation": page.remediation},
    )
