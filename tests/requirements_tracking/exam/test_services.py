"""Taking the exam (requirements_tracking/hours/services.py): starting and its rules, the
questions fixed at the start, saving as one goes, submitting once, the timer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cohorts.models import Participant
from cpse.notify.models import Notification
from requirements_tracking import tasks
from requirements_tracking.exam import services
from requirements_tracking.exam.services import ExamError
from requirements_tracking.models import Answer, Attempt, Competency, ExamAccommodation, Question, QuestionVersion
from tests.factories import CohortFactory, ParticipantFactory
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
S = Attempt.Status
NOW = datetime.datetime(2026, 6, 20, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def start(participant, exam, **kwargs):
    return services.attempt_start(participant=participant, exam=exam, **kwargs)


def save(attempt, position, response, **kwargs):
    return services.answer_save(attempt=attempt, position=position, response=response, **kwargs)


def refused(code, function, **kwargs):
    with pytest.raises(ExamError) as caught:
        function(**kwargs)
    assert caught.value.code == code, str(caught.value)
    return caught.value


@pytest.mark.django_db
def test_submit_scores_every_kind_with_partial_credit_and_waits_for_the_written_one(participant, now):
    single = make.question(K.SINGLE, points="2")
    several = make.question(K.MULTIPLE, points="3")
    true_false = make.question(K.TRUE_FALSE)
    short = make.question(K.SHORT, competency_name="Self-care")
    essay = make.question(K.ESSAY, competency_name="Safety planning", points="4")
    exam = make.exam(participant.cohort, questions=[single, several, true_false, short, essay])
    attempt = start(participant, exam)
    save(attempt, 0, {"choices": ["b"]})
    save(attempt, 1, {"choices": ["a", "b"]})
    save(attempt, 2, {"choices": ["false"]})
    save(attempt, 3, {"text": "   "})
    save(attempt, 4, {"text": "I would ask what they need first."})

    assert services.attempt_submit(attempt=attempt) is None

    assert (attempt.status, attempt.timed_out, attempt.submitted_at) == (S.SUBMITTED, False, now)
    points = list(attempt.answers.order_by("position").values_list("points", flat=True))
    # Right; two of three right; wrong; nothing written (0); waits for a scorer.
    assert points == [Decimal("2"), Decimal("2.00"), Decimal("0"), Decimal("0"), None]
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_choice_only_exam_is_final_at_submit_and_the_participant_is_told(participant, now):
    single, true_false = make.question(K.SINGLE), make.question(K.TRUE_FALSE, competency_name="Self-care")
    exam = make.exam(participant.cohort, questions=[single, true_false])
    attempt = start(participant, exam)
    save(attempt, 0, {"choices": ["b"]})
    save(attempt, 1, {"choices": ["true"]})

    result = services.attempt_submit(attempt=attempt)

    assert result.passed and result.percent == Decimal("100.00")
    assert (attempt.status, attempt.passed, attempt.percent) == (S.FINAL, True, Decimal("100.00"))
    notice = Notification.objects.get()
    assert (notice.kind, notice.key, notice.recipient) == ("exam_result", f"exam-result:{attempt.pk}", participant.user)
    assert f"/exam/attempts/{attempt.public_id}/result/" in notice.body
    # No result in the email (the link's random id may hold the digits).
    assert "100" not in notice.body.replace(str(attempt.public_id), "")
    services.attempt_result_notify(attempt=attempt)  # the scorers may call it too: still one
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_second_submit_is_refused_and_changes_nothing(participant, now, time_machine):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)])
    attempt = start(participant, exam)
    services.attempt_submit(attempt=attempt)
    time_machine.move_to(NOW + datetime.timedelta(minutes=5), tick=False)

    refused("already_submitted", services.attempt_submit, attempt=attempt)

    attempt.refresh_from_db()
    assert attempt.submitted_at == now
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_time_up_submits_what_was_saved_and_is_safe_to_run_twice(participant, now, time_machine):
    single, several = make.question(K.SINGLE), make.question(K.MULTIPLE, points="3")
    exam = make.exam(participant.cohort, questions=[single, several], time_limit_minutes=30)
    attempt = start(participant, exam)
    save(attempt, 0, {"choices": ["b"]})
    time_machine.move_to(NOW + datetime.timedelta(minutes=29), tick=False)
    assert tasks.close_expired_attempts() == 0

    time_machine.move_to(NOW + datetime.timedelta(minutes=30), tick=False)
    assert tasks.close_expired_attempts() == 1
    assert tasks.close_expired_attempts() == 0

    attempt.refresh_from_db()
    assert (attempt.status, attempt.timed_out) == (S.FINAL, True)
    assert list(attempt.answers.order_by("position").values_list("points", flat=True)) == [Decimal("1"), Decimal("0")]
    assert attempt.percent == Decimal("25.00")


@pytest.mark.django_db
def test_saving_after_the_deadline_is_refused_and_submits_what_was_saved(participant, now):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)], time_limit_minutes=30)
    attempt = start(participant, exam)
    save(attempt, 0, {"choices": ["a"]})

    refused("time_up", save, attempt=attempt, position=0, response={"choices": ["b"]}, now=attempt.deadline_at)

    attempt.refresh_from_db()
    assert (attempt.status, attempt.timed_out) == (S.FINAL, True)
    assert attempt.answers.get().response == {"choices": ["a"]}
    refused("submitted", save, attempt=attempt, position=0, response={"choices": ["b"]})


@pytest.mark.django_db
def test_saving_after_submit_is_refused(participant, now):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)])
    attempt = start(participant, exam)
    services.attempt_submit(attempt=attempt)
    refused("submitted", save, attempt=attempt, position=0, response={"choices": ["b"]})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("position", "response", "code"),
    [
        (0, {"choices": ["z"]}, "bad_choice"),
        (0, {"choices": ["a", "b"]}, "one_choice"),
        (0, {"choices": "b"}, "bad_choice"),
        (1, {"text": "x" * 501}, "too_long"),
        (2, {"text": "x" * 10_001}, "too_long"),
        (7, {"choices": ["a"]}, "no_question"),
    ],
)
def test_bad_answers_are_refused_with_a_message(participant, now, position, response, code):
    versions = [make.question(K.SINGLE), make.question(K.SHORT), make.question(K.ESSAY)]
    attempt = start(participant, make.exam(participant.cohort, questions=versions))
    refused(code, save, attempt=attempt, position=position, response=response)
    assert not Answer.objects.filter(saved_at__isnull=False).exists()


@pytest.mark.django_db
def test_answers_are_stored_tidily(participant, now):
    versions = [make.question(K.MULTIPLE), make.question(K.ESSAY)]
    attempt = start(participant, make.exam(participant.cohort, questions=versions))
    save(attempt, 0, {"choices": ["d", "a", "a"]})
    save(attempt, 1, {"text": "x" * 10_000})
    first, second = attempt.answers.order_by("position")
    assert first.response == {"choices": ["a", "d"]} and first.saved_at == now
    assert len(second.response["text"]) == 10_000


@pytest.mark.django_db
def test_an_edited_question_changes_neither_the_attempt_nor_an_old_one(participant, now, time_machine):
    first = make.question(K.SINGLE)
    exam = make.exam(participant.cohort, questions=[first], wait_days=1)
    attempt = start(participant, exam)
    edited = QuestionVersion.objects.create(
        question=first.question, number=2, text="Edited words", choices=first.choices, points=Decimal("5")
    )
    assert attempt.answers.get().version == first
    save(attempt, 0, {"choices": ["a"]})
    services.attempt_submit(attempt=attempt)
    assert attempt.answers.get().points == Decimal("0") and attempt.max_points == Decimal("1")

    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    retake = start(participant, exam)
    assert retake.answers.get().version == edited
    assert attempt.answers.get().version == first


@pytest.mark.django_db
def test_retakes_wait_and_stop_at_the_limit(participant, now, time_machine):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)], max_attempts=2, wait_days=14)
    attempt = start(participant, exam)
    refused("in_progress", start, participant=participant, exam=exam)
    services.attempt_submit(attempt=attempt)  # nothing chosen: not yet

    error = refused("waiting_period", start, participant=participant, exam=exam)
    assert "July 4, 2026" in str(error)
    time_machine.move_to(NOW + datetime.timedelta(days=14) - datetime.timedelta(seconds=1), tick=False)
    refused("waiting_period", start, participant=participant, exam=exam)
    time_machine.move_to(NOW + datetime.timedelta(days=14), tick=False)
    second = start(participant, exam)
    assert second.number == 2
    services.attempt_submit(attempt=second)

    time_machine.move_to(NOW + datetime.timedelta(days=29), tick=False)
    refused("no_attempts_left", start, participant=participant, exam=exam)


@pytest.mark.django_db
def test_no_retake_after_a_pass_nor_while_waiting_for_scoring(participant, now):
    passed_exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)])
    attempt = start(participant, passed_exam)
    save(attempt, 0, {"choices": ["b"]})
    services.attempt_submit(attempt=attempt)
    refused("passed", start, participant=participant, exam=passed_exam)

    later = ParticipantFactory(cohort=CohortFactory(year=2027))
    waiting_exam = make.exam(later.cohort, questions=[make.question(K.ESSAY)])
    attempt = start(later, waiting_exam)
    save(attempt, 0, {"text": "A plan made together"})
    services.attempt_submit(attempt=attempt)
    refused("waiting_for_scoring", start, participant=later, exam=waiting_exam)


@pytest.mark.django_db
def test_the_window_and_taking_part(participant, now):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)])
    refused("not_open", start, participant=participant, exam=exam, now=exam.opens_at - datetime.timedelta(seconds=1))
    refused("closed", start, participant=participant, exam=exam, now=exam.closes_at)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    refused("not_taking_part", start, participant=participant, exam=exam)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.ON_LEAVE)
    assert start(participant, exam).number == 1


@pytest.mark.django_db
def test_an_exam_without_questions_is_not_ready(participant, now):
    retired = make.question(K.SINGLE)
    Question.objects.filter(pk=retired.question_id).update(active=False)
    exam = make.exam(participant.cohort, questions=[retired])
    refused("not_ready", start, participant=participant, exam=exam)
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_the_time_includes_extra_minutes_and_runs_past_the_close(participant, now):
    exam = make.exam(
        participant.cohort,
        questions=[make.question(K.SINGLE)],
        time_limit_minutes=60,
        closes_at=NOW + datetime.timedelta(minutes=30),
    )
    ExamAccommodation.objects.create(exam=exam, participant=participant, extra_minutes=30)
    attempt = start(participant, exam)
    # The window governs starting, not finishing: the full time, even after the close.
    assert attempt.deadline_at == NOW + datetime.timedelta(minutes=90)


@pytest.mark.django_db
def test_a_fixed_selection_keeps_its_order_and_leaves_out_retired_questions(participant, now):
    versions = [make.question(K.SINGLE, text=f"Question {n}") for n in range(4)]
    exam = make.exam(participant.cohort, questions=versions)
    exam.exam_questions.filter(question=versions[0].question).update(position=9)
    Question.objects.filter(pk=versions[2].question_id).update(active=False)
    attempt = start(participant, exam)
    texts = list(attempt.answers.order_by("position").values_list("version__text", flat=True))
    assert texts == ["Question 1", "Question 3", "Question 0"]
    assert list(attempt.answers.order_by("position").values_list("position", flat=True)) == [0, 1, 2]


@pytest.mark.django_db
def test_a_random_draw_takes_the_number_per_active_competency_never_a_retired_question(now):
    cohort = CohortFactory(year=2026)
    ethics = [make.question(K.SINGLE, text=f"Ethics {n}") for n in range(4)]
    care = [make.question(K.TRUE_FALSE, competency_name="Self-care", text=f"Care {n}") for n in range(3)]
    retired = make.question(K.SINGLE, competency_name="Self-care", text="Retired")
    Question.objects.filter(pk=retired.question_id).update(active=False)
    closed_area = make.question(K.SINGLE, competency_name="Cultural humility", text="Closed area")
    Competency.objects.filter(pk=closed_area.question.competency_id).update(active=False)
    one_only = make.question(K.SINGLE, competency_name="Safety planning", text="Safety 0")
    exam = make.exam(cohort, selection="random", draw_per_competency=2)
    seen = set()
    for _ in range(12):
        attempt = start(ParticipantFactory(cohort=cohort), exam)
        texts = list(attempt.answers.order_by("position").values_list("version__text", flat=True))
        assert len(texts) == 5
        assert sum(t.startswith("Ethics") for t in texts) == 2
        assert sum(t.startswith("Care") for t in texts) == 2
        assert "Safety 0" in texts  # fewer than the number: all of them
        assert "Retired" not in texts and "Closed area" not in texts
        seen.update(texts)
    assert {v.text for v in ethics + care + [one_only]} == seen


@pytest.mark.django_db
def test_a_double_click_starts_once(participant, now):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)])
    first = start(participant, exam)
    refused("in_progress", start, participant=participant, exam=exam)
    assert list(Attempt.objects.values_list("pk", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_the_unique_constraint_catches_a_start_the_lock_missed(participant, now, monkeypatch):
    """On a database without row locks, two starts can both pass the checks: the second
    is refused by the constraint, not turned into a second attempt or an error page."""
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)])
    first = start(participant, exam)
    monkeypatch.setattr(services, "start_refusal", lambda **kwargs: None)
    refused("in_progress", start, participant=participant, exam=exam)
    assert Attempt.objects.get() == first


@pytest.mark.django_db
def test_an_expired_attempt_is_closed_before_a_new_start(participant, now, time_machine):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE)], wait_days=0, time_limit_minutes=10)
    attempt = start(participant, exam)
    time_machine.move_to(NOW + datetime.timedelta(minutes=11), tick=False)
    second = start(participant, exam, now=timezone.now())
    attempt.refresh_from_db()
    assert (attempt.status, attempt.timed_out, second.number) == (S.FINAL, True, 2)


def test_beat_closes_expired_attempts_every_minute():
    from django.conf import settings

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.close_expired_attempts.name]
    assert [e["schedule"] for e in entries] == [60.0]
