"""What the participant's exam pages read: their cohort's exam and their attempts, one
attempt with its questions, and a final attempt's feedback. Each costs a fixed number of
queries, however many attempts or questions there are."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from cohorts.models import Participant
from cpse.bilingual import Written, written
from requirements_tracking.exam import scoring
from requirements_tracking.exam.services import ExamError, start_refusal
from requirements_tracking.models import Answer, Attempt, Exam, ExamAccommodation, RemediationPlan

S = Attempt.Status


def exam_for_participant(participant: Participant) -> Exam | None:
    """The exam of the participant's cohort (the latest to open, should there be two)."""
    return Exam.objects.filter(cohort_id=participant.cohort_id).order_by("-opens_at", "-pk").first()


def accommodation_for(*, exam_id: int, participant_id: int) -> ExamAccommodation | None:
    return (
        ExamAccommodation.objects.filter(exam_id=exam_id, participant_id=participant_id)
        .only("pk", "extra_minutes", "read_aloud_layout")
        .first()
    )


def _remediation(attempt: Attempt) -> RemediationPlan | None:
    try:
        return attempt.remediation
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class ExamPage:
    exam: Exam | None
    attempts: list[Attempt]
    minutes: int
    extra_minutes: int
    refusal: ExamError | None
    in_progress: Attempt | None
    remediation: RemediationPlan | None
    now: datetime.datetime | None = None

    @property
    def has_opened(self) -> bool:
        return self.exam is not None and self.now >= self.exam.opens_at

    @property
    def has_closed(self) -> bool:
        """Past its window: the page says "Closed", not "Closes"."""
        return self.exam is not None and self.now >= self.exam.closes_at

    @property
    def may_start(self) -> bool:
        return self.exam is not None and self.refusal is None

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)


def exam_page(participant: Participant, *, now: datetime.datetime) -> ExamPage:
    exam = exam_for_participant(participant)
    if exam is None:
        return ExamPage(None, [], 0, 0, None, None, None)
    attempts = list(
        Attempt.objects.filter(exam=exam, participant=participant).select_related("remediation").order_by("number")
    )
    accommodation = accommodation_for(exam_id=exam.pk, participant_id=participant.pk)
    extra = accommodation.extra_minutes if accommodation else 0
    last = attempts[-1] if attempts else None
    failed = last is not None and last.status == S.FINAL and last.passed is False
    return ExamPage(
        exam=exam,
        attempts=attempts,
        minutes=exam.time_limit_minutes + extra,
        extra_minutes=extra,
        refusal=start_refusal(participant=participant, exam=exam, attempts=attempts, now=now),
        in_progress=next((a for a in attempts if a.status == S.IN_PROGRESS), None),
        remediation=_remediation(last) if failed else None,
        now=now,
    )


def attempt_for_owner(*, user, public_id) -> Attempt | None:
    """One of the person's own attempts; None for anybody else's (the view answers 404)."""
    return (
        Attempt.objects.filter(public_id=public_id, participant__user=user)
        .select_related("exam", "participant__user")
        .first()
    )


def attempt_answers(attempt: Attempt) -> list[Answer]:
    """The attempt's questions (the versions given at its start) with the saved answers."""
    return list(Answer.objects.filter(attempt=attempt).select_related("version__question").order_by("position"))


@dataclass(frozen=True)
class CompetencyFeedback:
    name: Written
    percent: object
    strong: bool


@dataclass(frozen=True)
class ResultPage:
    feedback: list[CompetencyFeedback]
    remediation: RemediationPlan | None


def result_page(attempt: Attempt) -> ResultPage:
    """A final attempt's feedback by competency: each one's percent and whether it is a
    strength (at the pass mark or above) or one to review. Never the answer key."""
    result = scoring.attempt_result(attempt)
    feedback = [
        CompetencyFeedback(
            name=written(r.competency, "name"), percent=r.percent, strong=r.percent >= attempt.exam.pass_percent
        )
        for r in (result.by_competency if result else [])
    ]
    remediation = RemediationPlan.objects.filter(attempt=attempt).first() if attempt.passed is False else None
    return ResultPage(feedback=feedback, remediation=remediation)


@dataclass(frozen=True)
class ExamOutcome:
    passed_first_attempt: bool
    passed: bool


def exam_outcomes(participant_ids) -> dict[int, ExamOutcome]:
    """For each participant with a scored attempt: passed on their first attempt, passed
    at all (one query; attempts still being taken or scored do not count yet)."""
    outcomes: dict[int, ExamOutcome] = {}
    for participant_id, number, passed in (
        Attempt.objects.filter(participant_id__in=list(participant_ids), status=S.FINAL)
        .order_by("participant_id", "number")
        .values_list("participant_id", "number", "passed")
    ):
        held = outcomes.get(participant_id)
        outcomes[participant_id] = ExamOutcome(
            passed_first_attempt=held.passed_first_attempt if held else bool(passed and number == 1),
            passed=bool(passed) or (held is not None and held.passed),
        )
    return outcomes
