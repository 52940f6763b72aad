"""After the exam: staff scores for written answers (blind, one or two scorers),
re-scoring, remediation plans after a fail, and the participant's appeals.

Rules chosen here:
- Points for a written answer go from 0 to the question version's points, in steps of
  0.5. A scorer scores an answer once; when the answer already has the current scores
  it needs (one, or two when the exam asks for a second scorer), more are refused: a
  change is a re-score.
- A re-score (program staff only) replaces one current score: the re-scorer's own, or
  the one they choose (an instructor's, after an appeal). The old row stays on record
  with `replaced_at` set. The models have no field for the reason, so it is kept at the
  start of the new score's (encrypted) comment: "Re-score: <reason>" then the comment.
- `attempt_finalize` alone writes a result. The first result is announced
  with the key `exam-result:<attempt>` (whoever queues it first, it goes once); a
  re-score of a final attempt announces again with `exam-result:<attempt>:<score>`.
- A re-score that turns a fail into a pass closes the open remediation plan.
- Appeals: within `exam.appeal_days` days of the day the result was final (that last
  day included, local time); one open appeal per attempt; decided once.
- Emails say only that there is news, and link to the page (no results, no names).
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from applications.confirmers.rules import confirmation_refusal
from cpse.audit.services import change_record
from cpse.errors import DomainError
from cpse.notify.services import notification_queue
from cpse.numbers import NumberNotRead, parse_number, plain_number
from requirements_tracking.exam.scoring import ExamResult, attempt_finalize, manual_points, scorers_needed
from requirements_tracking.models import Answer, AnswerScore, Attempt, ExamAppeal, Question, RemediationPlan

STEP = Decimal("0.5")
COMMENT_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 4000
PLAN_MAX_LENGTH = 4000
RESCORE_PREFIX = "Re-score: "
SCORABLE = (Attempt.Status.SUBMITTED, Attempt.Status.FINAL)


class ExamReviewError(DomainError):
    code = "exam_review_error"


def result_path(attempt: Attempt) -> str:
    # The participant's result page belongs to the exam-taking pages (requirements_tracking.exam).
    return reverse("exam:result", args=[attempt.public_id])


def appeal_last_day(attempt: Attempt) -> datetime.date | None:
    """The last day an appeal can be sent (included), or None before a final result."""
    if attempt.finalized_at is None:
        return None
    return timezone.localdate(attempt.finalized_at) + datetime.timedelta(days=attempt.exam.appeal_days)


# --- Scores ------------------------------------------------------------------------------


def checked_points(points, *, most: Decimal) -> Decimal:
    """`points` (typed the reader's way: 2,5 in Spanish) as a Decimal from 0 to `most` in
    steps of 0.5, or a refusal."""
    message = _("Please enter points from 0 to %(most)s, in steps of %(step)s (for example %(example)s).") % {
        "most": plain_number(most),
        "step": plain_number(STEP),
        "example": plain_number(Decimal("2.5")),
    }
    try:
        value = points if isinstance(points, Decimal) else parse_number(str(points))
    except NumberNotRead as refusal:
        if refusal.meant is not None:
            message = _("Please write the points like this: %(number)s.") % {"number": plain_number(refusal.meant)}
        raise ExamReviewError(message, code="bad_points") from None
    if not value.is_finite() or not Decimal(0) <= value <= most or value % STEP:
        raise ExamReviewError(message, code="bad_points")
    return value


def _comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ExamReviewError(
            _("Please keep the comment to %(max)s characters at most.") % {"max": COMMENT_MAX_LENGTH},
            code="comment_too_long",
        )
    return comment


def _locked_answer(answer: Answer) -> tuple[Answer, Attempt]:
    """The answer and its attempt, the attempt locked: scores of one attempt are written
    one at a time, so two scorers finishing together finalize it once, with both."""
    attempt = Attempt.objects.select_for_update().select_related("exam", "participant__user").get(pk=answer.attempt_id)
    answer = Answer.objects.select_related("version__question").get(pk=answer.pk)
    if attempt.status not in SCORABLE:
        raise ExamReviewError(_("This attempt is not submitted yet, so it cannot be scored."), code="not_submitted")
    if answer.version.question.kind in Question.AUTO_SCORED:
        raise ExamReviewError(
            _("This question is scored automatically from the choices; it needs no staff score."), code="auto_scored"
        )
    return answer, attempt


def _recompute(answer: Answer, attempt: Attempt) -> ExamResult | None:
    current = list(AnswerScore.objects.filter(answer=answer, replaced_at__isnull=True).values_list("points", flat=True))
    points = manual_points(current, needed=scorers_needed(attempt.exam))
    Answer.objects.filter(pk=answer.pk).update(points=points)
    answer.points = points
    return attempt_finalize(attempt=attempt)


def _announce_result(attempt: Attempt, key: str) -> None:
    notification_queue(
        kind="exam_result", key=key, recipient=attempt.participant.user, context={"path": result_path(attempt)}
    )


def answer_score_record(*, answer: Answer, scorer, points, comment: str = "") -> AnswerScore:
    """A first (or second) score for a written answer; finalizes the attempt when it was
    the last score it waited for."""
    comment = _comment(comment)
    with transaction.atomic():
        answer, attempt = _locked_answer(answer)
        refusal = confirmation_refusal(email=scorer.email, subject=attempt.participant.user, by=scorer)
        if refusal is not None:
            raise ExamReviewError(refusal, code="not_independent")
        points = checked_points(points, most=answer.version.points)
        current = list(AnswerScore.objects.filter(answer=answer, replaced_at__isnull=True))
        if any(score.scorer_id == scorer.pk for score in current):
            raise ExamReviewError(
                _("You have already scored this answer. To change your score, program staff can re-score it."),
                code="already_scored_by_you",
            )
        needed = scorers_needed(attempt.exam)
        if len(current) >= needed:
            raise ExamReviewError(
                _("This answer has all the scores it needs. To change one, program staff can re-score it."),
                code="fully_scored",
            )
        try:
            with transaction.atomic():
                score = AnswerScore.objects.create(answer=answer, scorer=scorer, points=points, comment=comment)
        except IntegrityError:  # the same scorer, a moment ago, in another tab
            raise ExamReviewError(
                _("You have already scored this answer. To change your score, program staff can re-score it."),
                code="already_scored_by_you",
            ) from None
        was_final = attempt.status == Attempt.Status.FINAL
        if _recompute(answer, attempt) is not None and not was_final:
            _announce_result(attempt, f"exam-result:{attempt.pk}")
    return score


def answer_rescore(
    *, answer: Answer, scorer, points, comment: str = "", reason: str, replaces: AnswerScore | None = None
) -> AnswerScore:
    """Replace a current score (the re-scorer's own unless `replaces` names another) with
    a new one; the old stays on record. A final result is worked out again."""
    if not scorer.has_role(Role.PROGRAM_STAFF):
        raise ExamReviewError(_("Only program staff can re-score an answer."), code="not_allowed")
    reason = (reason or "").strip()
    if not reason:
        raise ExamReviewError(_("Please give the reason for the new score."), code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ExamReviewError(
            _("Please keep the reason to %(max)s characters at most.") % {"max": REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    comment = _comment(comment)
    with transaction.atomic():
        answer, attempt = _locked_answer(answer)
        points = checked_points(points, most=answer.version.points)
        current = list(AnswerScore.objects.select_for_update().filter(answer=answer, replaced_at__isnull=True))
        old = next((s for s in current if s.scorer_id == scorer.pk), None)
        if replaces is not None:
            old = next((s for s in current if s.pk == replaces.pk), None)
            if old is None:
                raise ExamReviewError(
                    _("That score was replaced a moment ago. Please look at the scores again."), code="stale_score"
                )
            if old.scorer_id != scorer.pk and any(s.scorer_id == scorer.pk for s in current):
                raise ExamReviewError(
                    _("You are already one of this answer's scorers: please re-score your own score."),
                    code="same_scorer",
                )
        if old is None:
            raise ExamReviewError(_("Please choose which score the new one replaces."), code="nothing_to_replace")
        now = timezone.now()
        if not AnswerScore.objects.filter(pk=old.pk, replaced_at__isnull=True).update(replaced_at=now):
            raise ExamReviewError(
                _("That score was replaced a moment ago. Please look at the scores again."), code="stale_score"
            )
        change_record(old, changes={"replaced_at": (None, now)}, by=scorer)
        text = RESCORE_PREFIX + reason + (f"\n\n{comment}" if comment else "")
        score = AnswerScore.objects.create(answer=answer, scorer=scorer, points=points, comment=text)
        was_final = attempt.status == Attempt.Status.FINAL
        result = _recompute(answer, attempt)
        if result is not None:
            _announce_result(
                attempt, f"exam-result:{attempt.pk}:{score.pk}" if was_final else f"exam-result:{attempt.pk}"
            )
            if result.passed:
                # Passed now: the plan made after the fail has done its work.
                plans = list(
                    RemediationPlan.objects.select_for_update().filter(attempt=attempt, completed_at__isnull=True)
                )
                RemediationPlan.objects.filter(pk__in=[p.pk for p in plans]).update(completed_at=now)
                for done in plans:
                    change_record(done, changes={"completed_at": (None, now)}, by=scorer)
    return score


# --- Remediation -------------------------------------------------------------------------


def _notify_remediation(plan: RemediationPlan, key: str) -> None:
    attempt = plan.attempt
    notification_queue(
        kind="exam_remediation",
        key=key,
        recipient=attempt.participant.user,
        context={"path": result_path(attempt)},
    )


def remediation_plan_update(
    *, plan: RemediationPlan, text: str, review_by: datetime.date, by, today: datetime.date | None = None
) -> RemediationPlan:
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        raise ExamReviewError(_("Please write what to review."), code="plan_required")
    if len(text) > PLAN_MAX_LENGTH:
        raise ExamReviewError(
            _("Please keep the plan to %(max)s characters at most.") % {"max": PLAN_MAX_LENGTH}, code="plan_too_long"
        )
    if review_by is None or review_by < today:
        raise ExamReviewError(
            _("Please choose a review date from today (%(today)s) on.") % {"today": date_format(today)},
            code="date_in_past",
        )
    with transaction.atomic():
        changed = RemediationPlan.objects.filter(pk=plan.pk, completed_at__isnull=True).update(
            plan=text, review_by=review_by
        )
        if not changed:
            raise ExamReviewError(_("This plan is marked completed, so it stays as it is."), code="completed")
        change_record(plan, changes={"plan": (plan.plan, text), "review_by": (plan.review_by, review_by)}, by=by)
        plan.plan, plan.review_by = text, review_by
        # One message per change: the key carries the moment of the change.
        _notify_remediation(plan, f"exam-remediation:{plan.pk}:{timezone.now().isoformat()}")
    return plan


def remediation_plan_complete(*, plan: RemediationPlan, by, now: datetime.datetime | None = None) -> RemediationPlan:
    now = now or timezone.now()
    with transaction.atomic():
        if not RemediationPlan.objects.filter(pk=plan.pk, completed_at__isnull=True).update(completed_at=now):
            raise ExamReviewError(_("This plan is already marked completed."), code="completed")
        change_record(plan, changes={"completed_at": (None, now)}, by=by)
        plan.completed_at = now
        _notify_remediation(plan, f"exam-remediation:{plan.pk}:completed")
    return plan


# --- Appeals -----------------------------------------------------------------------------


def exam_appeal_submit(*, attempt: Attempt, reason: str, now: datetime.datetime | None = None) -> ExamAppeal:
    now = now or timezone.now()
    reason = (reason or "").strip()
    if attempt.status != Attempt.Status.FINAL or attempt.finalized_at is None:
        raise ExamReviewError(_("You can ask for a review once your result is ready."), code="not_final")
    last_day = appeal_last_day(attempt)
    if timezone.localdate(now) > last_day:
        raise ExamReviewError(
            _(
                "A review could be asked for until %(date)s, which has passed. You are welcome to write to the "
                "program team."
            )
            % {"date": date_format(last_day)},
            code="window_closed",
        )
    if not reason:
        raise ExamReviewError(_("Please tell us briefly why you would like a review."), code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ExamReviewError(
            _("Please keep your reason to %(max)s characters at most.") % {"max": REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    try:
        with transaction.atomic():
            return ExamAppeal.objects.create(attempt=attempt, reason=reason)
    except IntegrityError:
        raise ExamReviewError(
            _("You have already asked for a review of this result. We will write when it is done."),
            code="already_open",
        ) from None


def exam_appeal_decide(*, appeal: ExamAppeal, status: str, review_notes: str, outcome: str, by) -> ExamAppeal:
    if status not in (ExamAppeal.Status.UPHELD, ExamAppeal.Status.NOT_UPHELD):
        raise ExamReviewError(_("Please choose whether the appeal is upheld."), code="bad_status")
    outcome, review_notes = (outcome or "").strip(), (review_notes or "").strip()
    if not outcome:
        raise ExamReviewError(_("Please write the outcome the participant will read."), code="outcome_required")
    if len(outcome) > REASON_MAX_LENGTH or len(review_notes) > REASON_MAX_LENGTH:
        raise ExamReviewError(
            _("Please keep each text to %(max)s characters at most.") % {"max": REASON_MAX_LENGTH}, code="too_long"
        )
    with transaction.atomic():
        now = timezone.now()
        decided = ExamAppeal.objects.filter(pk=appeal.pk, status=ExamAppeal.Status.OPEN).update(
            status=status, review_notes=review_notes, outcome=outcome, decided_by=by, decided_at=now
        )
        if not decided:
            raise ExamReviewError(_("This appeal has already been decided."), code="already_decided")
        change_record(
            appeal,
            changes={
                "status": (ExamAppeal.Status.OPEN, status),
                "review_notes": (appeal.review_notes, review_notes),
                "outcome": (appeal.outcome, outcome),
                "decided_by": (appeal.decided_by_id, by),
                "decided_at": (appeal.decided_at, now),
            },
            by=by,
        )
        attempt = Attempt.objects.select_related("participant__user").get(pk=appeal.attempt_id)
        notification_queue(
            kind="exam_appeal_decided",
            key=f"exam-appeal-decided:{appeal.pk}",
            recipient=attempt.participant.user,
            context={"path": reverse("exam_review:appeal", args=[attempt.public_id])},
        )
    appeal.refresh_from_db()
    return appeal
