"""The final exam and observed practice in progress: the participant's page and the
cohort grid (with its spreadsheet) read them through the same selector, agree, flag them
after the program's end, and cost a fixed number of queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from cohorts import services as cohort_services
from cohorts.models import Participant, Requirement
from requirements_tracking.exam.scoring import attempt_finalize
from requirements_tracking.models import Answer, Competency, CompetencyAssessment
from requirements_tracking.progress import cohort_grid, participant_progress
from requirements_tracking.templatetags.hours import grid_cell
from tests.factories import CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking import exam_factories as make
from tests.requirements_tracking.competency.test_services import (
    MET,
    NOT_YET,
    competencies,
    observe,
    observed_practice_requirement,
)

MINE = reverse("requirements_tracking:mine")
GRID = reverse("requirements_tracking_staff:grid")
CSV = reverse("requirements_tracking_staff:grid_download")
DURING = datetime.date(2026, 7, 1)
AFTER = datetime.date(2026, 9, 1)


def progress_of(participant, kind):
    return next(p for p in participant_progress(participant) if p.requirement.kind == kind)


def exam_for(cohort):
    version = make.question()
    return make.exam(cohort, questions=[version]), version


def sit(exam, participant, version, *, right=True, number=1, score=True):
    """An attempt answered right or wrong; scored and finalised unless `score` is False."""
    attempt = make.submitted_attempt(
        exam, participant, [(version, {"choices": ["b" if right else "a"]})], number=number
    )
    if score:
        Answer.objects.filter(attempt=attempt).update(points=version.points if right else Decimal("0"))
        attempt_finalize(attempt=attempt)
    return attempt


# --- The exam ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_exam_is_not_taken_then_waiting_then_passed(participant):
    exam, version = exam_for(participant.cohort)
    item = progress_of(participant, Requirement.Kind.EXAM)
    assert (item.approved, item.pending, item.exam_not_passed, item.complete) == (0, 0, False, False)
    attempt = sit(exam, participant, version, score=False)
    item = progress_of(participant, Requirement.Kind.EXAM)
    assert (item.approved, item.pending) == (0, 1)
    Answer.objects.filter(attempt=attempt).update(points=version.points)
    attempt_finalize(attempt=attempt)
    item = progress_of(participant, Requirement.Kind.EXAM)
    assert (item.approved, item.pending, item.remaining, item.percent, item.complete) == (1, 0, 0, 100, True)


@pytest.mark.django_db
def test_a_failed_attempt_then_a_pass(participant):
    exam, version = exam_for(participant.cohort)
    sit(exam, participant, version, right=False)
    item = progress_of(participant, Requirement.Kind.EXAM)
    assert (item.approved, item.pending, item.exam_not_passed) == (0, 0, True)
    sit(exam, participant, version, right=False, number=2, score=False)
    item = progress_of(participant, Requirement.Kind.EXAM)
    assert (item.approved, item.pending) == (0, 1)
    Answer.objects.filter(attempt__number=2).update(points=version.points)
    attempt_finalize(attempt=exam.attempts.get(number=2))
    item = progress_of(participant, Requirement.Kind.EXAM)
    assert (item.approved, item.pending, item.exam_not_passed) == (1, 0, False)


@pytest.mark.django_db
def test_a_transferred_participant_keeps_a_pass(participant, program_staff):
    exam, version = exam_for(participant.cohort)
    sit(exam, participant, version)
    later = CohortFactory(year=2027)
    cohort_services.participant_transfer(participant=participant, to_cohort=later, by=program_staff)
    moved = Participant.objects.select_related("cohort").get(pk=participant.pk)
    assert moved.cohort == later
    item = progress_of(moved, Requirement.Kind.EXAM)
    assert item.approved == 1
    [row] = cohort_grid(later, today=DURING).rows
    assert next(c for c in row.cells if c.progress.requirement.kind == Requirement.Kind.EXAM).progress.approved == 1


@pytest.mark.django_db
def test_someone_elses_attempt_does_not_count(participant, other_participant):
    exam, version = exam_for(participant.cohort)
    sit(exam, other_participant, version)
    assert progress_of(participant, Requirement.Kind.EXAM).approved == 0


# --- Observed practice ---------------------------------------------------------------


@pytest.mark.django_db
def test_observed_practice_all_met_one_not_yet_and_a_retired_competency(participant, instructor):
    observed_practice_requirement(participant.cohort)
    every = competencies()
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.competencies_met, item.competencies_total) == (0, 0, 6)
    observe(participant, instructor, {c: (MET if c != every[-1] else NOT_YET) for c in every})
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.pending, item.competencies_met, item.complete) == (0, 0, 5, False)
    observe(participant, instructor, {every[-1]: MET}, observed_on=datetime.date(2026, 7, 2))
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.competencies_met, item.remaining, item.complete) == (1, 6, 0, True)
    # A competency added later must be observed too...
    extra = Competency.objects.create(name="Group facilitation", position=20)
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.competencies_met, item.competencies_total) == (0, 6, 7)
    # ... and one retired after its observations no longer counts either way.
    observe(participant, instructor, {extra: NOT_YET}, observed_on=datetime.date(2026, 7, 3))
    Competency.objects.filter(pk=extra.pk).update(active=False)
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.competencies_met, item.competencies_total) == (1, 6, 6)
    Competency.objects.filter(pk=every[0].pk).update(active=False)
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.competencies_met, item.competencies_total) == (1, 5, 5)


@pytest.mark.django_db
def test_no_active_competency_is_never_complete(participant):
    observed_practice_requirement(participant.cohort)
    Competency.objects.update(active=False)
    item = progress_of(participant, Requirement.Kind.COMPETENCY)
    assert (item.approved, item.competencies_total) == (0, 0)


# --- The grid and the page agree ---------------------------------------------------------


@pytest.mark.django_db
def test_the_grid_and_each_participants_page_agree_on_the_exam_and_observed_practice(
    cohort, participant, other_participant, instructor
):
    observed_practice_requirement(cohort)
    third = ParticipantFactory(cohort=cohort)
    exam, version = exam_for(cohort)
    sit(exam, participant, version)
    sit(exam, other_participant, version, score=False)
    sit(exam, third, version, right=False)
    every = competencies()
    observe(participant, instructor, dict.fromkeys(every, MET))
    observe(other_participant, instructor, {every[0]: NOT_YET, every[1]: MET})

    grid = cohort_grid(cohort, today=DURING)
    assert len(grid.rows) == 3
    for row in grid.rows:
        page = {item.requirement.category: item for item in participant_progress(row.participant)}
        for cell in row.cells:
            assert cell.progress == page[cell.progress.requirement.category], cell.progress.requirement
    cells = {row.participant.pk: {c.progress.requirement.kind: c for c in row.cells} for row in grid.rows}
    assert "Passed" in grid_cell(cells[participant.pk]["exam"])
    assert "Waiting" in grid_cell(cells[other_participant.pk]["exam"])
    assert "Not yet passed" in grid_cell(cells[third.pk]["exam"])
    assert "6/6" in grid_cell(cells[participant.pk]["competency"])
    assert "1/6" in grid_cell(cells[other_participant.pk]["competency"])
    assert "0/6" in grid_cell(cells[third.pk]["competency"])


@pytest.mark.django_db
def test_the_exam_and_observed_practice_are_expected_by_the_programs_end(cohort, participant, instructor):
    observed_practice_requirement(cohort)
    other = ParticipantFactory(cohort=cohort)
    exam, version = exam_for(cohort)
    sit(exam, participant, version)
    observe(participant, instructor, dict.fromkeys(competencies(), MET))

    def cells(today, who):
        row = next(r for r in cohort_grid(cohort, today=today).rows if r.participant == who)
        return {c.progress.requirement.kind: c for c in row.cells}

    for kind in (Requirement.Kind.EXAM, Requirement.Kind.COMPETENCY):
        assert cells(cohort.program_end, other)[kind].expected is None
        assert not cells(cohort.program_end, other)[kind].overdue
        assert cells(AFTER, other)[kind].overdue
        assert cells(AFTER, other)[kind].expected == 1
        assert not cells(AFTER, participant)[kind].overdue
    assert "Behind" in grid_cell(cells(AFTER, other)[Requirement.Kind.EXAM])
    # People who left are not flagged, as for hours.
    Participant.objects.filter(pk=other.pk).update(status=Participant.Status.WITHDRAWN)
    assert not cells(AFTER, other)[Requirement.Kind.EXAM].overdue


@pytest.mark.django_db
def test_the_spreadsheet_says_what_the_grid_says(
    client, cohort, participant, other_participant, instructor, program_staff
):
    observed_practice_requirement(cohort)
    exam, version = exam_for(cohort)
    sit(exam, participant, version)
    sit(exam, other_participant, version, score=False)
    every = competencies()
    observe(participant, instructor, {c: (MET if c != every[-1] else NOT_YET) for c in every})
    client.force_login(program_staff)
    rows = list(csv.reader(io.StringIO(client.get(CSV, {"cohort": cohort.pk}).content.decode("utf-8-sig"))))
    header, lines = rows[0], {line[0]: line for line in rows[1:]}
    mine, theirs = lines[str(participant.user)], lines[str(other_participant.user)]
    assert mine[header.index("Final exam: result")] == "Passed"
    assert theirs[header.index("Final exam: result")] == "Waiting"
    assert mine[header.index("Observed practice: result")] == "5 of 6"
    assert theirs[header.index("Observed practice: result")] == "0 of 6"
    assert "Final exam: approved" not in header
    assert mine[header.index("Self-awareness and self-care: approved")] == "0"
    page = client.get(GRID, {"cohort": cohort.pk}).content.decode()
    assert "Passed" in page and "5/6" in page


# --- The participant's page ----------------------------------------------------------


@pytest.mark.django_db
def test_the_participant_page_shows_the_exam_and_observed_practice(client, participant, instructor):
    observed_practice_requirement(participant.cohort)
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Not yet taken" in page and 'href="/exam/"' in page
    assert "0 of 6 competencies met" in page and reverse("competency:mine") in page
    assert page.count("<progress") == 4  # hours only
    exam, version = exam_for(participant.cohort)
    attempt = sit(exam, participant, version, score=False)
    assert "Waiting for scoring" in client.get(MINE).content.decode()
    Answer.objects.filter(attempt=attempt).update(points=Decimal("0"))
    attempt_finalize(attempt=attempt)
    assert "Not passed yet" in client.get(MINE).content.decode()
    sit(exam, participant, version, number=2)
    every = competencies()
    observe(participant, instructor, {c: (MET if c != every[0] else NOT_YET) for c in every})
    page = client.get(MINE).content.decode()
    assert "Passed" in page and "5 of 6 competencies met" in page
    # Check-ins still come later.
    assert "This comes later in the program" in page


# --- Cost --------------------------------------------------------------------------------


def _people_with_attempts_and_assessments(cohort, count, assessor):
    exam = cohort.exams.first()
    version = exam.exam_questions.first().question.versions.first()
    every = competencies()
    users = User.objects.bulk_create(
        UserFactory.build(email=f"p{User.objects.count()}-{n}@example.org") for n in range(count)
    )
    people = Participant.objects.bulk_create(Participant(user=user, cohort=cohort) for user in users)
    for n, person in enumerate(people):
        sit(exam, person, version, right=n % 2 == 0, score=n % 3 != 0)
    CompetencyAssessment.objects.bulk_create(
        CompetencyAssessment(
            participant=person,
            competency=competency,
            assessor=assessor,
            setting=CompetencyAssessment.Setting.PRACTICUM,
            result=[MET, NOT_YET][(n + i) % 2],
            evidence="Seen",
            observed_on=datetime.date(2026, 7, 1 + i % 3),
        )
        for n, person in enumerate(people)
        for i, competency in enumerate(every)
    )
    return people


@pytest.mark.django_db
def test_the_grid_costs_the_same_with_3_or_30_participants_with_attempts_and_assessments(
    client, cohort, program_staff, instructor
):
    observed_practice_requirement(cohort)
    exam_for(cohort)
    _people_with_attempts_and_assessments(cohort, 3, instructor)
    client.force_login(program_staff)
    urls = [f"{GRID}?cohort={cohort.pk}", f"{GRID}?cohort={cohort.pk}&sort=exam", f"{CSV}?cohort={cohort.pk}"]
    assert_queries_do_not_grow(client, urls, lambda: _people_with_attempts_and_assessments(cohort, 27, instructor))


@pytest.mark.django_db
def test_the_participant_page_costs_the_same_with_few_or_many_attempts_and_assessments(
    client, cohort, participant, instructor
):
    observed_practice_requirement(cohort)
    exam, version = exam_for(cohort)
    sit(exam, participant, version, right=False)
    observe(participant, instructor, {competencies()[0]: MET})
    client.force_login(participant.user)

    def grow():
        for number in range(2, 6):
            sit(exam, participant, version, right=number == 5, number=number)
        for day in range(2, 12):
            observe(
                participant, instructor, dict.fromkeys(competencies(), NOT_YET), observed_on=datetime.date(2026, 7, day)
            )

    assert_queries_do_not_grow(client, [MINE], grow)
