"""Scoring written answers, re-scoring, remediation plans and appeals
(requirements_tracking/exam_review/services.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cpse.notify.models import Notification
from requirements_tracking.exam_review import services
from requirements_tracking.models import AnswerScore, Attempt, ExamAppeal, Question, RemediationPlan
from tests.factories import UserFactory
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
pytestmark = pytest.mark.django_db


def sat(participant, *, second_scorer=False, choice_right=True, **fields):
    """A submitted attempt: one choice question (2 points, already scored as at submit)
    and one essay (8 points) waiting for staff. Returns (attempt, essay answer)."""
    choice = make.question(K.SINGLE, points="2")
    essay = make.question(K.ESSAY, competency_name="Safety planning", points="8")
    exam = make.exam(participant.cohort, questions=[choice, essay], second_scorer_required=second_scorer, **fields)
    attempt = make.submitted_attempt(
        exam,
        participant,
        [(choice, {"choices": ["b" if choice_right else "a"]}), (essay, {"text": "I would keep to the program."})],
    )
    first, second = attempt.answers.order_by("position")
    first.points = Decimal("2") if choice_right else Decimal("0")
    first.save()
    return attempt, second


def results(attempt) -> set[str]:
    return set(Notification.objects.filter(kind="exam_result").values_list("key", flat=True))


@pytest.mark.parametrize("points", ["0", "2.5", "8", " 4 "])
def test_points_from_zero_to_the_question_points_in_half_steps(participant, instructor, points):
    attempt, essay = sat(participant)
    score = services.answer_score_record(answer=essay, scorer=instructor, points=points, comment="")
    assert score.points == Decimal(points.strip())


@pytest.mark.parametrize("points", ["-0.5", "8.5", "1.25", "abc", "NaN", "Infinity", "", "1e1"])
def test_points_out_of_range_off_step_or_text_are_refused(participant, instructor, points):
    attempt, essay = sat(participant)
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=essay, scorer=instructor, points=points, comment="")
    assert refused.value.code == "bad_points"
    assert "from 0 to 8" in str(refused.value)
    assert not AnswerScore.objects.exists()


def test_an_auto_scored_question_is_refused(participant, instructor):
    attempt, essay = sat(participant)
    choice_answer = attempt.answers.get(position=0)
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=choice_answer, scorer=instructor, points="1", comment="")
    assert refused.value.code == "auto_scored"


def test_an_attempt_in_progress_is_refused(participant, instructor):
    attempt, essay = sat(participant)
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.IN_PROGRESS)
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=essay, scorer=instructor, points="1", comment="")
    assert refused.value.code == "not_submitted"


def test_one_scorer_finalizes_and_the_participant_hears_once(
    participant, instructor, program_staff, django_capture_on_commit_callbacks
):
    attempt, essay = sat(participant)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_score_record(answer=essay, scorer=instructor, points="6", comment="Clear and kind.")
    attempt.refresh_from_db()
    essay.refresh_from_db()
    assert essay.points == Decimal("6.00")
    assert (attempt.status, attempt.percent, attempt.passed) == (Attempt.Status.FINAL, Decimal("80.00"), True)
    assert results(attempt) == {f"exam-result:{attempt.pk}"}
    message = Notification.objects.get(kind="exam_result")
    assert message.recipient == participant.user
    assert f"/exam/attempts/{attempt.public_id}/result/" in message.body
    assert "80." not in message.body and "%" not in message.body and "Cora" not in message.body
    # The comment is kept encrypted and read back.
    assert AnswerScore.objects.get().comment == "Clear and kind."
    # The answer has the one score it needs: another person cannot add one.
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=essay, scorer=program_staff, points="2", comment="")
    assert refused.value.code == "fully_scored"
    # The exam-taking service queuing the same key later adds nothing.
    services._announce_result(attempt, f"exam-result:{attempt.pk}")
    assert Notification.objects.filter(kind="exam_result").count() == 1


def test_the_same_scorer_cannot_score_twice(participant, instructor):
    attempt, essay = sat(participant, second_scorer=True)
    services.answer_score_record(answer=essay, scorer=instructor, points="6", comment="")
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=essay, scorer=instructor, points="7", comment="")
    assert refused.value.code == "already_scored_by_you"
    assert AnswerScore.objects.count() == 1


def test_a_second_scorer_is_needed_and_the_points_are_the_average(participant, instructor, program_staff):
    attempt, essay = sat(participant, second_scorer=True)
    services.answer_score_record(answer=essay, scorer=instructor, points="6", comment="")
    attempt.refresh_from_db()
    essay.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and essay.points is None
    assert results(attempt) == set()
    services.answer_score_record(answer=essay, scorer=program_staff, points="5.5", comment="")
    attempt.refresh_from_db()
    essay.refresh_from_db()
    assert essay.points == Decimal("5.75")
    assert attempt.status == Attempt.Status.FINAL
    assert attempt.score_points == Decimal("7.75")
    assert results(attempt) == {f"exam-result:{attempt.pk}"}
    third = UserFactory(roles=["instructor"])
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=essay, scorer=third, points="1", comment="")
    assert refused.value.code == "fully_scored"


def test_a_rescore_keeps_the_old_score_and_can_turn_a_fail_into_a_pass(participant, instructor, program_staff):
    attempt, essay = sat(participant)
    services.answer_score_record(answer=essay, scorer=instructor, points="3", comment="Thin.")
    attempt.refresh_from_db()
    assert (attempt.percent, attempt.passed) == (Decimal("50.00"), False)
    plan = RemediationPlan.objects.get(attempt=attempt)
    assert plan.completed_at is None

    first = AnswerScore.objects.get()
    new = services.answer_rescore(
        answer=essay, scorer=program_staff, points="7", comment="Read again.", reason="Appeal of May", replaces=first
    )
    first.refresh_from_db()
    attempt.refresh_from_db()
    assert first.replaced_at is not None and first.points == Decimal("3")
    assert new.replaced_at is None and new.comment == "Re-score: Appeal of May\n\nRead again."
    assert AnswerScore.objects.count() == 2
    assert (attempt.status, attempt.percent, attempt.passed) == (Attempt.Status.FINAL, Decimal("90.00"), True)
    # A new message, with its own key; the plan made after the fail is closed.
    assert results(attempt) == {f"exam-result:{attempt.pk}", f"exam-result:{attempt.pk}:{new.pk}"}
    plan.refresh_from_db()
    assert plan.completed_at is not None


def test_a_rescore_replaces_ones_own_score_by_default(participant, program_staff):
    attempt, essay = sat(participant)
    services.answer_score_record(answer=essay, scorer=program_staff, points="8", comment="")
    services.answer_rescore(answer=essay, scorer=program_staff, points="4", reason="Miscounted")
    essay.refresh_from_db()
    assert essay.points == Decimal("4.00")
    assert AnswerScore.objects.filter(replaced_at__isnull=True).count() == 1


def test_rescore_rules(participant, instructor, program_staff):
    attempt, essay = sat(participant)
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_rescore(answer=essay, scorer=program_staff, points="4", reason="Why")
    assert refused.value.code == "nothing_to_replace"
    services.answer_score_record(answer=essay, scorer=instructor, points="3", comment="")
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_rescore(answer=essay, scorer=instructor, points="4", reason="Why")
    assert refused.value.code == "not_allowed"
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_rescore(answer=essay, scorer=program_staff, points="4", reason="  ")
    assert refused.value.code == "reason_required"
    with pytest.raises(services.ExamReviewError) as refused:
        services.answer_rescore(
            answer=essay, scorer=program_staff, points="9", reason="Why", replaces=AnswerScore.objects.get()
        )
    assert refused.value.code == "bad_points"
    assert AnswerScore.objects.count() == 1


def _failed(participant, instructor) -> RemediationPlan:
    attempt, essay = sat(participant)
    services.answer_score_record(answer=essay, scorer=instructor, points="1", comment="")
    return RemediationPlan.objects.select_related("attempt").get(attempt=attempt)


def test_remediation_edit_rules(participant, instructor, program_staff):
    plan = _failed(participant, instructor)
    today = timezone.localdate()
    with pytest.raises(services.ExamReviewError) as refused:
        services.remediation_plan_update(plan=plan, text="  ", review_by=today, by=program_staff)
    assert refused.value.code == "plan_required"
    with pytest.raises(services.ExamReviewError) as refused:
        services.remediation_plan_update(
            plan=plan, text="Read chapter 3", review_by=today - datetime.timedelta(days=1), by=program_staff
        )
    assert refused.value.code == "date_in_past"
    services.remediation_plan_update(plan=plan, text="Read chapter 3", review_by=today, by=program_staff)
    services.remediation_plan_update(
        plan=plan, text="Read chapter 4", review_by=today + datetime.timedelta(days=3), by=program_staff
    )
    plan.refresh_from_db()
    assert (plan.plan, plan.review_by) == ("Read chapter 4", today + datetime.timedelta(days=3))
    changes = Notification.objects.filter(kind="exam_remediation")
    assert changes.count() == 2 and all("chapter" not in n.body for n in changes)

    services.remediation_plan_complete(plan=plan, by=program_staff)
    with pytest.raises(services.ExamReviewError) as refused:
        services.remediation_plan_complete(plan=plan, by=program_staff)
    assert refused.value.code == "completed"
    with pytest.raises(services.ExamReviewError) as refused:
        services.remediation_plan_update(plan=plan, text="More", review_by=today, by=program_staff)
    assert refused.value.code == "completed"
    assert Notification.objects.filter(kind="exam_remediation").count() == 3


def _final(participant, instructor, *, finalized_at=None) -> Attempt:
    attempt, essay = sat(participant, appeal_days=14)
    services.answer_score_record(answer=essay, scorer=instructor, points="2", comment="")
    if finalized_at is not None:
        Attempt.objects.filter(pk=attempt.pk).update(finalized_at=finalized_at)
    return Attempt.objects.select_related("exam").get(pk=attempt.pk)


FINALIZED = datetime.datetime(2026, 6, 1, 15, tzinfo=datetime.UTC)


def test_an_appeal_on_the_last_day_is_taken(participant, instructor, time_machine):
    attempt = _final(participant, instructor, finalized_at=FINALIZED)
    time_machine.move_to(FINALIZED + datetime.timedelta(days=14))
    appeal = services.exam_appeal_submit(attempt=attempt, reason="Question 2 was marked too low.")
    assert appeal.status == ExamAppeal.Status.OPEN
    assert ExamAppeal.objects.get().reason == "Question 2 was marked too low."


def test_an_appeal_the_day_after_the_last_is_refused_with_the_date(participant, instructor, time_machine):
    attempt = _final(participant, instructor, finalized_at=FINALIZED)
    time_machine.move_to(FINALIZED + datetime.timedelta(days=15))
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_submit(attempt=attempt, reason="Please look again.")
    assert refused.value.code == "window_closed"
    assert "June 15, 2026" in str(refused.value)
    assert not ExamAppeal.objects.exists()


def test_one_open_appeal_and_reason_rules(participant, instructor):
    attempt = _final(participant, instructor)
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_submit(attempt=attempt, reason=" ")
    assert refused.value.code == "reason_required"
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_submit(attempt=attempt, reason="x" * 4001)
    assert refused.value.code == "reason_too_long"
    services.exam_appeal_submit(attempt=attempt, reason="Please look again.")
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_submit(attempt=attempt, reason="And again.")
    assert refused.value.code == "already_open"
    assert ExamAppeal.objects.count() == 1


def test_an_attempt_not_final_cannot_be_appealed(participant):
    attempt, essay = sat(participant)
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_submit(attempt=attempt, reason="Please look again.")
    assert refused.value.code == "not_final"


def test_an_appeal_is_decided_once_and_the_participant_hears(participant, instructor, program_staff):
    attempt = _final(participant, instructor)
    appeal = services.exam_appeal_submit(attempt=attempt, reason="Please look again.")
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_decide(appeal=appeal, status="open", review_notes="", outcome="x", by=program_staff)
    assert refused.value.code == "bad_status"
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_decide(
            appeal=appeal, status=ExamAppeal.Status.NOT_UPHELD, review_notes="", outcome=" ", by=program_staff
        )
    assert refused.value.code == "outcome_required"
    decided = services.exam_appeal_decide(
        appeal=appeal,
        status=ExamAppeal.Status.NOT_UPHELD,
        review_notes="Rubric applied fairly.",
        outcome="We read your answers again; the result stands.",
        by=program_staff,
    )
    assert decided.status == ExamAppeal.Status.NOT_UPHELD and decided.decided_by == program_staff
    with pytest.raises(services.ExamReviewError) as refused:
        services.exam_appeal_decide(
            appeal=appeal, status=ExamAppeal.Status.UPHELD, review_notes="", outcome="Changed", by=program_staff
        )
    assert refused.value.code == "already_decided"
    message = Notification.objects.get(kind="exam_appeal_decided")
    assert message.recipient == participant.user and "stands" not in message.body
    assert f"/exam/attempts/{attempt.public_id}/appeal/" in message.body
    # Decided: a new appeal may be sent within the window.
    services.exam_appeal_submit(attempt=attempt, reason="One more thing.")
