"""The scoring rules (requirements_tracking/exam/scoring.py) for every question type,
partial credit, two scorers, the pass mark and the minimum per competency."""

from decimal import Decimal

import pytest

from requirements_tracking.exam.scoring import attempt_finalize, auto_points, exam_result, manual_points
from requirements_tracking.models import Attempt, Question, RemediationPlan
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
ZERO = Decimal("0")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("picked", "points"),
    [(["b"], "2"), (["a"], "0"), ([], "0"), (["a", "b"], "0"), (["b", "b"], "2")],
)
def test_one_answer_scores_all_or_nothing(picked, points):
    version = make.question(K.SINGLE, points="2")
    assert auto_points(version, {"choices": picked}) == Decimal(points)


@pytest.mark.django_db
@pytest.mark.parametrize(("picked", "points"), [(["true"], "1"), (["false"], "0"), ([], "0")])
def test_true_or_false(picked, points):
    version = make.question(K.TRUE_FALSE)
    assert auto_points(version, {"choices": picked}) == Decimal(points)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("picked", "points"),
    [
        (["a", "b", "d"], "3.00"),  # all three right
        (["a", "b"], "2.00"),  # two of three
        (["a", "c"], "0.00"),  # one right, one wrong: they cancel
        (["a", "b", "c", "d"], "2.00"),  # three right, one wrong
        (["c"], "0.00"),  # never below zero
        ([], "0.00"),
    ],
)
def test_several_answers_give_partial_credit(picked, points):
    version = make.question(K.MULTIPLE, points="3")
    assert auto_points(version, {"choices": picked}) == Decimal(points)


def test_manual_points_wait_for_enough_scorers_and_average_them():
    assert manual_points([], needed=1) is None
    assert manual_points([Decimal("3")], needed=1) == Decimal("3")
    assert manual_points([Decimal("3")], needed=2) is None
    assert manual_points([Decimal("3"), Decimal("4")], needed=2) == Decimal("3.50")


@pytest.mark.django_db
def test_the_pass_mark_and_the_minimum_per_competency(participant):
    ethics = make.question(K.SINGLE, points="8")
    care = make.question(K.TRUE_FALSE, competency_name="Self-care", points="2")
    exam = make.exam(participant.cohort, questions=[ethics, care], pass_percent=70)
    scored = [(ethics.question.competency, Decimal("8"), Decimal("8")), (care.question.competency, ZERO, Decimal("2"))]
    result = exam_result(exam, scored)
    assert (result.percent, result.passed) == (Decimal("80.00"), True)
    assert [r.percent for r in result.by_competency] == [Decimal("100.00"), Decimal("0.00")]
    exam.min_competency_percent = 50
    assert exam_result(exam, scored).passed is False
    exam.min_competency_percent = None
    exam.pass_percent = 81
    assert exam_result(exam, scored).passed is False


@pytest.mark.django_db
def test_finalize_waits_for_manual_answers_then_stores_the_result_once(participant):
    choice = make.question(K.SINGLE, points="2")
    essay = make.question(K.ESSAY, competency_name="Safety planning", points="4")
    exam = make.exam(participant.cohort, questions=[choice, essay])
    attempt = make.submitted_attempt(exam, participant, [(choice, {"choices": ["b"]}), (essay, {"text": "A plan"})])
    first, second = attempt.answers.order_by("position")
    first.points = Decimal("2")
    first.save()
    assert attempt_finalize(attempt=attempt) is None
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.SUBMITTED
    second.points = Decimal("1")
    second.save()
    result = attempt_finalize(attempt=attempt)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.percent, attempt.passed) == (Attempt.Status.FINAL, Decimal("50.00"), False)
    assert result.passed is False
    # A fail opens one remediation plan naming what to review.
    plan = RemediationPlan.objects.get(attempt=attempt)
    assert "Safety planning" in plan.plan and "Ethics" not in plan.plan
    finalized_at = attempt.finalized_at
    attempt_finalize(attempt=attempt)
    attempt.refresh_from_db()
    assert RemediationPlan.objects.count() == 1 and attempt.finalized_at == finalized_at


@pytest.mark.django_db
def test_an_attempt_in_progress_is_never_finalized(participant):
    choice = make.question(K.SINGLE)
    exam = make.exam(participant.cohort, questions=[choice])
    attempt = make.submitted_attempt(exam, participant, [(choice, {"choices": ["b"]})])
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.IN_PROGRESS)
    attempt.answers.update(points=1)
    assert attempt_finalize(attempt=attempt) is None
