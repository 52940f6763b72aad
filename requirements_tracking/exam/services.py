"""Taking the final exam: starting an attempt, saving answers as they go, submitting
(by the participant or by the timer), and telling the participant when a result is ready.

Rules chosen here:
- A participant may start when they are enrolled (or on leave) in the exam's cohort, the
  window is open (opens_at ≤ now < closes_at), nothing is in progress (the page resumes
  it instead), attempts are left, they have not passed, and the previous attempt is final
  (not waiting for scoring) and at least `wait_days` old.
- The time limit (plus the accommodation's extra minutes) is given in full even when it
  runs past the window's close: the window governs starting, not finishing.
- The questions of an attempt are fixed at its start, each with the question's current
  version: editing the bank later changes neither this attempt nor an old one. A random
  draw takes `draw_per_competency` active questions of each active competency (all of
  them when a competency has fewer).
- At submit, choice answers get their points from the choices; an unanswered written
  answer gets 0 points there and then (nothing is there to score), so only written
  answers with words in them wait for the scorers.
- The timer is the server's: at and after `deadline_at` nothing more is saved, and the
  attempt is submitted with what was saved (by the beat task every minute, or on the spot
  when the attempt is opened or saved).
"""

import datetime
import random

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from cohorts.models import Participant
from cpse.audit.services import change_record
from cpse.errors import DomainError
from cpse.notify.services import notification_queue
from requirements_tracking.exam.scoring import ZERO, ExamResult, attempt_finalize, auto_points
from requirements_tracking.models import (
    Answer,
    Attempt,
    Competency,
    Exam,
    ExamAccommodation,
    ExamQuestion,
    Question,
    QuestionVersion,
)

K = Question.Kind
S = Attempt.Status
SHORT_MAX_LENGTH = 500
ESSAY_MAX_LENGTH = 10_000
TEXT_MAX_LENGTHS = {K.SHORT: SHORT_MAX_LENGTH, K.ESSAY: ESSAY_MAX_LENGTH}
# Refusals that mean the attempt takes no more answers.
ATTEMPT_CLOSED = ("time_up", "submitted")


class ExamError(DomainError):
    code = "exam_error"


def _local(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    # The date last: a time such as "7 a.m." ends with its own period.
    return _("%(time)s on %(date)s") % {"date": date_format(local), "time": time_format(local)}


def start_refusal(
    *, participant: Participant, exam: Exam, attempts: list[Attempt], now: datetime.datetime
) -> ExamError | None:
    """Why the participant may not start an attempt now (None: they may). `attempts` are
    theirs for this exam, in number order. Shared by the exam page and `attempt_start`."""
    if participant.status not in Participant.TAKING_PART or participant.cohort_id != exam.cohort_id:
        return ExamError(_("The exam is for participants taking part in the cohort."), code="not_taking_part")
    if any(a.status == S.IN_PROGRESS for a in attempts):
        return ExamError(_("You have an attempt in progress. You can carry on where you left off."), code="in_progress")
    if any(a.passed for a in attempts):
        return ExamError(_("You have passed this exam. Well done."), code="passed")
    last = attempts[-1] if attempts else None
    if last is not None and last.status == S.SUBMITTED:
        return ExamError(
            _("Your answers are with the scorers. We will email you when there is news."), code="waiting_for_scoring"
        )
    if len(attempts) >= exam.max_attempts:
        return ExamError(
            _("You have used all your attempts. The program staff will talk with you about what comes next."),
            code="no_attempts_left",
        )
    if now < exam.opens_at:
        return ExamError(_("The exam opens at %(when)s.") % {"when": _local(exam.opens_at)}, code="not_open")
    if now >= exam.closes_at:
        return ExamError(
            _("The exam closed at %(when)s. If you need help, please talk with the program staff.")
            % {"when": _local(exam.closes_at)},
            code="closed",
        )
    if last is not None:
        ready_at = last.finalized_at + datetime.timedelta(days=exam.wait_days)
        if now < ready_at:
            return ExamError(
                _("You can take the exam again from %(when)s. Until then, take your time with your review plan.")
                % {"when": _local(ready_at)},
                code="waiting_period",
            )
    return None


def _current_versions(question_ids: list[int]) -> dict[int, QuestionVersion]:
    """Each question's highest-numbered version (questions without one are left out)."""
    current: dict[int, QuestionVersion] = {}
    for version in QuestionVersion.objects.filter(question_id__in=question_ids).order_by("question_id", "-number"):
        current.setdefault(version.question_id, version)
    return current


def exam_questions_draw(exam: Exam) -> list[QuestionVersion]:
    """The question versions of a new attempt, in order."""
    if exam.selection == Exam.Selection.FIXED:
        ids = list(
            ExamQuestion.objects.filter(exam=exam, question__active=True)
            .order_by("position", "pk")
            .values_list("question_id", flat=True)
        )
    else:
        rows = Question.objects.filter(active=True, competency__active=True).values_list("competency_id", "pk")
        by_competency: dict[int, list[int]] = {}
        for competency_id, question_id in rows:
            by_competency.setdefault(competency_id, []).append(question_id)
        with_versions = set(_current_versions([pk for pks in by_competency.values() for pk in pks]))
        ids = []
        chance = random.SystemRandom()
        for competency_id in Competency.objects.filter(active=True).values_list("pk", flat=True):
            candidates = [pk for pk in by_competency.get(competency_id, []) if pk in with_versions]
            ids += chance.sample(candidates, min(exam.draw_per_competency, len(candidates)))
    current = _current_versions(ids)
    return [current[pk] for pk in ids if pk in current]


def attempt_start(*, participant: Participant, exam: Exam, now: datetime.datetime | None = None) -> Attempt:
    """Start the participant's next attempt, with its questions fixed now. A refusal is an
    ExamError (code "in_progress" when one is already going: resume that one)."""
    now = now or timezone.now()
    attempts_close_expired(now=now, participant=participant)
    with transaction.atomic():
        # One start at a time per person; the unique constraints catch what the lock misses.
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        attempts = list(Attempt.objects.filter(exam=exam, participant=participant).order_by("number"))
        refusal = start_refusal(participant=participant, exam=exam, attempts=attempts, now=now)
        if refusal is not None:
            raise refusal
        versions = exam_questions_draw(exam)
        if not versions:
            raise ExamError(_("The exam is not quite ready yet. Please come back a little later."), code="not_ready")
        accommodation = ExamAccommodation.objects.filter(exam=exam, participant=participant).first()
        minutes = exam.time_limit_minutes + (accommodation.extra_minutes if accommodation else 0)
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    exam=exam,
                    participant=participant,
                    number=len(attempts) + 1,
                    started_at=now,
                    deadline_at=now + datetime.timedelta(minutes=minutes),
                )
        except IntegrityError:
            raise ExamError(
                _("You have an attempt in progress. You can carry on where you left off."), code="in_progress"
            ) from None
        Answer.objects.bulk_create(
            Answer(attempt=attempt, version=version, position=position) for position, version in enumerate(versions)
        )
    return attempt


def response_check(version: QuestionVersion, response: dict) -> dict:
    """The response in its stored shape, or an ExamError saying what is wrong with it."""
    kind = version.question.kind
    if kind in Question.AUTO_SCORED:
        picked = response.get("choices") or []
        if not isinstance(picked, list) or not all(isinstance(key, str) for key in picked):
            raise ExamError(_("Please choose from the answers shown."), code="bad_choice")
        keys = [choice["key"] for choice in version.choices]
        if any(key not in keys for key in picked):
            raise ExamError(_("Please choose from the answers shown."), code="bad_choice")
        picked = [key for key in keys if key in picked]  # the version's order, no repeats
        if kind != K.MULTIPLE and len(picked) > 1:
            raise ExamError(_("Please choose one answer."), code="one_choice")
        return {"choices": picked}
    text = response.get("text") or ""
    if not isinstance(text, str):
        raise ExamError(_("Please type your answer."), code="bad_text")
    limit = TEXT_MAX_LENGTHS[kind]
    if len(text) > limit:
        raise ExamError(
            _("Please keep this answer to %(max)s characters (it has %(count)s).") % {"max": limit, "count": len(text)},
            code="too_long",
        )
    return {"text": text}


def time_up() -> ExamError:
    return ExamError(
        _("The time for this exam is up, so this answer could not be saved. Everything saved before is submitted."),
        code="time_up",
    )


def answer_save(*, attempt: Attempt, position: int, response: dict, now: datetime.datetime | None = None) -> Answer:
    """Save one answer of an attempt in progress. After the deadline nothing is saved and
    the attempt is submitted with what was saved before (ExamError "time_up")."""
    now = now or timezone.now()
    if attempt_close_if_expired(attempt=attempt, now=now):
        raise time_up()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != S.IN_PROGRESS:
            raise ExamError(_("This attempt is already submitted, so answers can no longer change."), code="submitted")
        if now >= locked.deadline_at:  # the deadline passed a moment ago: the timer submits it
            raise time_up()
        answer = Answer.objects.select_related("version__question").filter(attempt=locked, position=position).first()
        if answer is None:
            raise ExamError(_("This question is not part of your exam."), code="no_question")
        answer.response = response_check(answer.version, response)
        answer.saved_at = now
        answer.save(update_fields=["response", "saved_at"])
    return answer


def attempt_submit(
    *, attempt: Attempt, by_timer: bool = False, now: datetime.datetime | None = None
) -> ExamResult | None:
    """Submit once: score the choice answers, give unanswered written ones 0, and make the
    result final when nothing waits for a scorer (then the participant is told). Returns
    the result, or None while answers wait for scoring."""
    now = now or timezone.now()
    with transaction.atomic():
        moved = Attempt.objects.filter(pk=attempt.pk, status=S.IN_PROGRESS).update(
            status=S.SUBMITTED, submitted_at=now, timed_out=by_timer
        )
        if not moved:
            raise ExamError(_("This attempt is already submitted."), code="already_submitted")
        change_record(
            attempt,
            changes={
                "status": (S.IN_PROGRESS, S.SUBMITTED),
                "submitted_at": (attempt.submitted_at, now),
                "timed_out": (attempt.timed_out, by_timer),
            },
        )
        answers = list(Answer.objects.filter(attempt_id=attempt.pk).select_related("version__question"))
        for answer in answers:
            if answer.version.question.auto_scored:
                answer.points = auto_points(answer.version, answer.response)
            elif not (answer.response.get("text") or "").strip():
                answer.points = ZERO
        Answer.objects.bulk_update([a for a in answers if a.points is not None], ["points"])
        result = attempt_finalize(attempt=attempt)
        if result is not None:
            attempt_result_notify(attempt=attempt)
    attempt.refresh_from_db()
    return result


def attempt_close_if_expired(*, attempt: Attempt, now: datetime.datetime | None = None) -> bool:
    """Submit an attempt whose time is up, with what was saved. True when it was expired
    (whoever submitted it)."""
    now = now or timezone.now()
    if attempt.status != S.IN_PROGRESS or now < attempt.deadline_at:
        return False
    try:
        attempt_submit(attempt=attempt, by_timer=True, now=now)
    except ExamError:  # the timer or another request got there first
        attempt.refresh_from_db()
    return True


def attempts_close_expired(*, now: datetime.datetime | None = None, participant: Participant | None = None) -> int:
    """Submit every attempt in progress past its deadline (the participant's only, when
    given). Safe to run twice. Returns how many this run submitted."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(status=S.IN_PROGRESS, deadline_at__lte=now)
    if participant is not None:
        expired = expired.filter(participant=participant)
    closed = 0
    for attempt in expired.select_related("participant__user"):
        try:
            attempt_submit(attempt=attempt, by_timer=True, now=now)
        except ExamError:
            continue
        closed += 1
    return closed


def attempt_result_notify(*, attempt: Attempt) -> None:
    """Tell the participant there is news (the email carries no result). Once per attempt."""
    notification_queue(
        kind="exam_result",
        key=f"exam-result:{attempt.pk}",
        recipient=attempt.participant.user,
        context={"path": reverse("exam:result", args=[attempt.public_id])},
    )
