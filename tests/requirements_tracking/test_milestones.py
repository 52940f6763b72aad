"""Competency milestones: each competency with its evidence (exam section, observed
practice, reflective journal count) on the participant's observed practice page and
staff's page for the participant, at a fixed number of queries; reflections never shown
as text. The participant's hours page keeps to its progress ("2 of 5 competencies met",
a link to observed practice)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from requirements_tracking.exam import scoring
from requirements_tracking.milestones import competency_milestones
from requirements_tracking.models import Answer
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking import exam_factories as make
from tests.requirements_tracking.competency.test_services import MET, NOT_YET, competencies, observe
from tests.requirements_tracking.conftest import REFLECTION

MINE = reverse("competency:mine")


def staff_page(participant) -> str:
    return reverse("cohorts_staff:participant_detail", kwargs={"public_id": participant.public_id})


def finished_exam(participant, *, right: bool, number: int = 1):
    """An attempt at the cohort's exam (made with its one question the first time)."""
    exam = participant.cohort.exams.first()
    if exam is None:
        exam = make.exam(participant.cohort, questions=[make.question(competency_name="Ethics and boundaries")])
    version = exam.exam_questions.get().question.versions.get()
    attempt = make.submitted_attempt(
        exam, participant, [(version, {"choices": ["b" if right else "a"]})], number=number
    )
    Answer.objects.filter(attempt=attempt).update(points=version.points if right else Decimal("0"))
    scoring.attempt_finalize(attempt=attempt)
    return attempt


@pytest.mark.django_db
def test_milestones_gather_the_evidence(participant, instructor, log):
    first, second, *_rest = competencies()
    observe(participant, instructor, {first: MET, second: NOT_YET})
    finished_exam(participant, right=True)
    log("1")
    log("1", reflection="")
    data = competency_milestones(participant)
    by_name = {m.competency.name: m for m in data.milestones}
    assert [m.competency for m in data.milestones] == competencies()
    assert by_name[first.name].reached and not by_name[second.name].reached
    assert by_name["Ethics and boundaries"].exam_percent == Decimal("100")
    assert by_name["Ethics and boundaries"].exam_strong is True
    other = next(m for m in data.milestones if m.competency.name != "Ethics and boundaries")
    assert other.exam_percent is None
    assert (data.reached_count, data.reflections) == (1, 1)


@pytest.mark.django_db
def test_a_weak_exam_section_is_one_to_review(participant):
    finished_exam(participant, right=False)
    milestone = next(m for m in competency_milestones(participant).milestones if m.exam_percent is not None)
    assert (milestone.exam_percent, milestone.exam_strong) == (Decimal("0"), False)


@pytest.mark.django_db
def test_the_participant_and_staff_see_the_milestones_but_never_the_reflections(
    client, participant, program_staff, instructor, log
):
    observe(participant, instructor, dict.fromkeys(competencies()[:1], MET))
    log("1")
    client.force_login(participant.user)
    own = client.get(MINE).content.decode()
    assert "Competency milestones" in own and "1 of " in own
    assert "Reflective journal: 1 hour entry with a reflection." in own
    assert REFLECTION not in own
    client.force_login(program_staff)
    staff = client.get(staff_page(participant)).content.decode()
    assert "Competency milestones" in staff and "Reflective journal: 1 hour entry with a reflection." in staff
    assert REFLECTION not in staff


@pytest.mark.django_db
def test_the_pages_cost_the_same_with_more_evidence(client, participant, program_staff, instructor, log):
    finished_exam(participant, right=False)

    def grow():
        observe(participant, instructor, dict.fromkeys(competencies(), NOT_YET))
        finished_exam(participant, right=True, number=2)
        for _ in range(5):
            log("1")

    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [staff_page(participant)], grow)
    client.force_login(participant.user)
    assert_queries_do_not_grow(client, [MINE], lambda: log("2"))
