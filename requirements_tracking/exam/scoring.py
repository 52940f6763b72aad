"""How an exam is scored, in one place.

- One answer, and true or false: all the question's points for the right choice, none
  otherwise (no choice: none).
- Several answers: partial credit. points × (right choices picked − wrong choices
  picked) / right choices, never below 0: picking every choice scores nothing, and one
  wrong pick cancels one right pick.
- Short answers and essays: the points the scorer gave (0 to the question's points);
  when the exam asks for two scorers, the average of the two, and the answer is not
  scored until both have.
- The result: percent = points / possible × 100 (two decimals, rounded down, so a
  result is never shown above what was earned); a pass needs the exam's pass mark
  and, when the exam sets one, the minimum in every competency.

`attempt_finalize` is the one service that writes a result.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from requirements_tracking.models import (
    Answer,
    AnswerScore,
    Attempt,
    Competency,
    Exam,
    Question,
    QuestionVersion,
    RemediationPlan,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def auto_points(version: QuestionVersion, response: dict) -> Decimal:
    """Points of a choice question's answer (see the module's rules)."""
    picked = set(response.get("choices") or [])
    right = version.correct_keys
    if version.question.kind == Question.Kind.MULTIPLE:
        if not right:
            return ZERO
        earned = len(picked & right) - len(picked - right)
        return max(ZERO, (version.points * earned / len(right)).quantize(CENT, rounding=ROUND_DOWN))
    return version.points if picked and picked == right and len(picked) == 1 else ZERO


def scorers_needed(exam: Exam) -> int:
    return 2 if exam.second_scorer_required else 1


def manual_points(current_scores: list[Decimal], *, needed: int) -> Decimal | None:
    """The answer's points from its current (not replaced) scores; None until enough."""
    if len(current_scores) < needed:
        return None
    return (sum(current_scores, ZERO) / len(current_scores)).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class CompetencyResult:
    competency: Competency
    points: Decimal
    possible: Decimal

    @property
    def percent(self) -> Decimal:
        return percent_of(self.points, self.possible)


@dataclass(frozen=True)
class ExamResult:
    points: Decimal
    possible: Decimal
    percent: Decimal
    passed: bool
    by_competency: list[CompetencyResult]


def percent_of(points: Decimal, possible: Decimal) -> Decimal:
    if not possible:
        return ZERO
    return (points * HUNDRED / possible).quantize(CENT, rounding=ROUND_DOWN)


def exam_result(exam: Exam, scored: list[tuple[Competency, Decimal, Decimal]]) -> ExamResult:
    """`scored`: (competency, points earned, points possible) per answer."""
    competencies: dict[int, list] = {}
    for competency, points, possible in scored:
        entry = competencies.setdefault(competency.pk, [competency, ZERO, ZERO])
        entry[1] += points
        entry[2] += possible
    by_competency = [CompetencyResult(c, p, q) for c, p, q in competencies.values()]
    by_competency.sort(key=lambda r: (r.competency.position, r.competency.pk))
    points = sum((r.points for r in by_competency), ZERO)
    possible = sum((r.possible for r in by_competency), ZERO)
    percent = percent_of(points, possible)
    passed = percent >= exam.pass_percent
    if passed and exam.min_competency_percent is not None:
        passed = all(r.percent >= exam.min_competency_percent for r in by_competency)
    return ExamResult(points=points, possible=possible, percent=percent, passed=passed, by_competency=by_competency)


def answers_with_scores(attempt: Attempt) -> list[Answer]:
    """The attempt's answers with their question, competency and current scores."""
    return list(
        Answer.objects.filter(attempt=attempt)
        .select_related("version__question__competency")
        .prefetch_related(
            Prefetch("scores", queryset=AnswerScore.objects.filter(replaced_at__isnull=True), to_attr="current_scores")
        )
        .order_by("position")
    )


def attempt_result(attempt: Attempt, answers: list[Answer] | None = None) -> ExamResult | None:
    """The result of a submitted attempt, or None while an answer waits for a scorer."""
    answers = answers if answers is not None else answers_with_scores(attempt)
    scored = []
    for answer in answers:
        if answer.points is None:
            return None
        scored.append((answer.version.question.competency, answer.points, answer.version.points))
    return exam_result(attempt.exam, scored)


def attempt_finalize(*, attempt: Attempt, today: datetime.date | None = None) -> ExamResult | None:
    """Store the result once every answer has its points (at submit when the exam has
    only choice questions; after the last score otherwise). A fail opens a remediation
    plan with the competencies to review and a date after the wait. Returns None while
    answers wait for scoring. Safe to call twice: a final attempt is only re-computed
    when its points changed (re-scoring), and the plan is opened once."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
        if attempt.status == Attempt.Status.IN_PROGRESS:
            return None
        result = attempt_result(attempt)
        if result is None:
            return None
        now = timezone.now()
        # The row is locked: saved, so the change history sees the result.
        attempt.status = Attempt.Status.FINAL
        attempt.score_points, attempt.max_points = result.points, result.possible
        attempt.percent, attempt.passed = result.percent, result.passed
        attempt.finalized_at = attempt.finalized_at or now
        attempt.save(update_fields=["status", "score_points", "max_points", "percent", "passed", "finalized_at"])
        if not result.passed and not RemediationPlan.objects.filter(attempt=attempt).exists():
            today = today or timezone.localdate(now)
            to_review = [r.competency.name for r in result.by_competency if r.percent < attempt.exam.pass_percent]
            RemediationPlan.objects.create(
                attempt=attempt,
                plan=_("Review these competencies with your instructor: %(names)s.")
                % {"names": ", ".join(to_review or [r.competency.name for r in result.by_competency])},
                review_by=today + datetime.timedelta(days=attempt.exam.wait_days),
            )
    return result
