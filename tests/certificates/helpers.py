"""Make a participant complete for a certificate: approved hours for each hours
requirement, a passed final exam (scored by `attempt_finalize`) and a "met" observation
of every active competency. Check-ins are left alone: they do not block certification.

`issued_certificate` makes a certificate row directly, for the pages that only read one."""

import datetime
from decimal import Decimal

from django.utils import timezone

from certificates.models import Certificate
from cohorts.models import Participant, Requirement
from requirements_tracking.exam.scoring import attempt_finalize, auto_points
from requirements_tracking.models import Competency, CompetencyAssessment, Exam, HourEntry
from tests.requirements_tracking import exam_factories as make

DAY = datetime.date(2026, 5, 4)
MAX_HOURS_A_DAY = Decimal("24")


def complete_hours(participant: Participant, requirement: Requirement) -> None:
    left = requirement.amount
    while left > 0:
        hours = min(left, MAX_HOURS_A_DAY)
        HourEntry.objects.create(
            participant=participant,
            requirement=requirement,
            date=DAY,
            hours=hours,
            kind=HourEntry.Kind.OTHER,
            status=HourEntry.Status.APPROVED,
        )
        left -= hours


def pass_exam(participant: Participant) -> None:
    exam = Exam.objects.filter(cohort=participant.cohort).first()
    if exam is None:
        exam = make.exam(participant.cohort, questions=[make.question()])
    version = exam.exam_questions.first().question.versions.order_by("-number").first()
    number = participant.exam_attempts.count() + 1
    attempt = make.submitted_attempt(exam, participant, [(version, {"choices": ["b"]})], number=number)
    for answer in attempt.answers.select_related("version"):
        answer.points = auto_points(answer.version, answer.response)
        answer.save(update_fields=["points"])
    attempt_finalize(attempt=attempt)


def meet_competencies(participant: Participant) -> None:
    for competency in Competency.objects.filter(active=True):
        CompetencyAssessment.objects.create(
            participant=participant,
            competency=competency,
            setting=CompetencyAssessment.Setting.INTENSIVE,
            result=CompetencyAssessment.Result.MET,
            evidence="Observed during the intensive.",
            observed_on=DAY,
        )


def complete(participant: Participant, *, skip: tuple[str, ...] = ()) -> Participant:
    """Everything done except the requirement categories in `skip`."""
    for requirement in participant.cohort.requirement_set.requirements.all():
        if requirement.category in skip:
            continue
        if requirement.kind == Requirement.Kind.HOURS:
            complete_hours(participant, requirement)
        elif requirement.kind == Requirement.Kind.EXAM:
            pass_exam(participant)
        elif requirement.kind == Requirement.Kind.COMPETENCY:
            meet_competencies(participant)
    return participant


def issued_certificate(participant, *, number="K7QM2XP9RT4W", **fields) -> Certificate:
    """A valid certificate issued a month ago, expiring in about two years."""
    today = timezone.localdate()
    values = {
        "displayed_name": "Cora P.",
        "issued_on": today - datetime.timedelta(days=30),
        "expires_on": today + datetime.timedelta(days=700),
        "credential": participant.cohort.credential,
    }
    values.update(fields)
    return Certificate.objects.create(participant=participant, number=number, **values)
