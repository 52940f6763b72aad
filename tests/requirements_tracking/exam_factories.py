"""Small builders for exam tests: questions with their first version, an exam for a
cohort, and a submitted attempt with chosen answers."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cohorts.models import Requirement
from requirements_tracking.models import Answer, Attempt, Competency, Exam, ExamQuestion, Question, QuestionVersion

TRUE_FALSE = [{"key": "true", "text": "True", "correct": True}, {"key": "false", "text": "False", "correct": False}]


def competency(name="Ethics and boundaries") -> Competency:
    return Competency.objects.get(name=name)


def question(
    kind=Question.Kind.SINGLE,
    *,
    competency_name="Ethics and boundaries",
    text="Which answer keeps the relationship safe?",
    choices=None,
    points="1",
    rubric="",
) -> QuestionVersion:
    """A question and its first version (returned)."""
    if choices is None and kind == Question.Kind.SINGLE:
        choices = [
            {"key": "a", "text": "Share your phone number", "correct": False},
            {"key": "b", "text": "Keep to the program's channels", "correct": True},
            {"key": "c", "text": "Lend money", "correct": False},
        ]
    if choices is None and kind == Question.Kind.MULTIPLE:
        choices = [
            {"key": "a", "text": "Listen", "correct": True},
            {"key": "b", "text": "Believe them", "correct": True},
            {"key": "c", "text": "Judge", "correct": False},
            {"key": "d", "text": "Ask what they need", "correct": True},
        ]
    if choices is None and kind == Question.Kind.TRUE_FALSE:
        choices = TRUE_FALSE
    if kind in (Question.Kind.SHORT, Question.Kind.ESSAY) and not rubric:
        rubric = "Names the boundary, explains why, and offers a safe alternative."
    item = Question.objects.create(competency=competency(competency_name), kind=kind)
    return QuestionVersion.objects.create(
        question=item, number=1, text=text, choices=choices or [], rubric=rubric, points=Decimal(points)
    )


def exam(cohort, *, questions=(), **fields) -> Exam:
    """An exam open now for `cohort`, with these question versions' questions (fixed)."""
    now = timezone.now()
    values = {
        "title": "Final exam",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=30),
        "time_limit_minutes": 60,
        "pass_percent": 70,
        **fields,
    }
    made = Exam.objects.create(
        cohort=cohort, requirement=cohort.requirement_set.requirements.get(kind=Requirement.Kind.EXAM), **values
    )
    for position, version in enumerate(questions):
        ExamQuestion.objects.create(exam=made, question=version.question, position=position)
    return made


def submitted_attempt(made_exam, participant, responses, *, number=1) -> Attempt:
    """An attempt already submitted with `responses` (one per question version, in order);
    no points yet: scoring decides them."""
    now = timezone.now()
    attempt = Attempt.objects.create(
        exam=made_exam,
        participant=participant,
        number=number,
        status=Attempt.Status.SUBMITTED,
        started_at=now - datetime.timedelta(minutes=30),
        deadline_at=now + datetime.timedelta(minutes=30),
        submitted_at=now,
    )
    for position, (version, response) in enumerate(responses):
        Answer.objects.create(attempt=attempt, version=version, position=position, response=response, saved_at=now)
    return attempt
