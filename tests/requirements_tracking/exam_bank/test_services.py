"""The question bank's rules (choices per kind, rubric, points, versions), the
competencies, an exam per cohort (window, marks, draws, questions fixed once taken) and
accommodations, including doubles."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cohorts.models import Requirement
from requirements_tracking.exam_bank import services
from requirements_tracking.models import (
    Competency,
    CompetencyAssessment,
    Exam,
    ExamAccommodation,
    ExamQuestion,
    Question,
    QuestionVersion,
)
from tests.factories import CohortFactory, ParticipantFactory
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
ETHICS = "Ethics and boundaries"


def choices(*rows):
    """("text", correct) pairs as the service takes them."""
    return [{"text": text, "correct": correct} for text, correct in rows]


def write(kind=K.SINGLE, *, by=None, competency=None, **overrides):
    values = {
        "competency": competency or make.competency(),
        "kind": kind,
        "text": "Which answer keeps the relationship safe?",
        "choices": choices(("Lend money", False), ("Keep to the program's channels", True)),
        "rubric": "",
        "points": "1",
        **overrides,
    }
    return services.question_create(**values, by=by)


def refused(code, function, **kwargs):
    with pytest.raises(services.ExamBankError) as caught:
        function(**kwargs)
    assert caught.value.code == code, str(caught.value)
    return caught.value


# --- Questions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_single_choice_question_gets_its_first_version_with_keys(program_staff):
    question = write(by=program_staff, points="2.5")
    version = question.versions.get()
    assert (version.number, version.points, version.created_by) == (1, Decimal("2.50"), program_staff)
    assert version.choices == [
        {"key": "a", "text": "Lend money", "correct": False},
        {"key": "b", "text": "Keep to the program's channels", "correct": True},
    ]
    assert version.rubric == ""
    assert question.active


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "rows", "code"),
    [
        (K.SINGLE, [("A", False), ("B", False)], "single_one_right"),
        (K.SINGLE, [("A", True), ("B", True), ("C", False)], "single_one_right"),
        (K.MULTIPLE, [("A", True), ("B", True)], "multiple_right_and_wrong"),
        (K.MULTIPLE, [("A", False), ("B", False)], "multiple_right_and_wrong"),
        (K.SINGLE, [("A", True)], "too_few_choices"),
        (K.SINGLE, [("A", True), ("", False), ("  ", True)], "too_few_choices"),
        (K.SINGLE, [(f"Choice {n}", n == 0) for n in range(7)], "too_many_choices"),
        (K.SINGLE, [("Same", True), ("same", False)], "same_choice"),
        (K.SINGLE, [("A" * 501, True), ("B", False)], "choice_too_long"),
    ],
)
def test_choice_rules(kind, rows, code):
    refused(code, write, kind=kind, choices=choices(*rows))
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_the_same_question_sent_twice_is_added_once():
    write()
    refused("duplicate_question", write, text=" Which answer keeps the relationship safe? ")
    assert Question.objects.count() == 1
    # The same words as another type, or in another competency, are another question.
    write(K.ESSAY, choices=[], rubric="Names the boundary")
    write(competency=make.competency("Self-care"))
    assert Question.objects.count() == 3


@pytest.mark.django_db
def test_several_answers_and_empty_rows_ignored():
    question = write(K.MULTIPLE, choices=choices(("Listen", True), ("", True), ("Judge", False), ("Believe", True)))
    version = question.versions.get()
    assert [c["key"] for c in version.choices] == ["a", "b", "c"]
    assert version.correct_keys == {"a", "c"}


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["true", "false"])
def test_true_or_false_generates_its_two_choices(answer):
    question = write(K.TRUE_FALSE, choices=[{"key": key, "correct": key == answer} for key in ("true", "false")])
    version = question.versions.get()
    assert [c["key"] for c in version.choices] == ["true", "false"]
    assert [c["text"] for c in version.choices] == ["True", "False"]
    assert version.correct_keys == {answer}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows",
    [[], [{"key": "true", "correct": True}, {"key": "false", "correct": True}], [{"key": "maybe", "correct": True}]],
)
def test_true_or_false_needs_one_answer(rows):
    refused("true_false_answer", write, kind=K.TRUE_FALSE, choices=rows)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.SHORT, K.ESSAY])
def test_written_questions_need_a_rubric_and_no_choices(kind):
    refused("rubric_required", write, kind=kind, choices=[], rubric="  ")
    refused("no_choices_for_written", write, kind=kind, choices=choices(("A", True)), rubric="Names the boundary")
    question = write(kind=kind, choices=[], rubric="Names the boundary")
    assert question.versions.get().choices == []


@pytest.mark.django_db
@pytest.mark.parametrize("points", ["0", "-1", "0.4", "100.5", "abc", "", None, "1.005", "NaN", "Infinity"])
def test_points_between_half_and_a_hundred(points):
    refused("bad_points", write, points=points)


@pytest.mark.django_db
def test_text_kind_and_competency_are_checked():
    refused("text_required", write, text="   ")
    refused("text_too_long", write, text="x" * 5001)
    refused("bad_kind", write, kind="poem")
    retired = Competency.objects.create(name="Old", active=False)
    refused("competency_retired", write, competency=retired)


@pytest.mark.django_db
def test_editing_adds_a_version_and_never_changes_the_old_one(program_staff, instructor):
    question = write(by=program_staff)
    v2 = services.question_version_add(
        question=question,
        text="Which answer keeps the helping relationship safe?",
        choices=choices(("Lend money", False), ("Keep to the program's channels", True), ("Visit at home", False)),
        points="2",
        by=instructor,
    )
    assert (v2.number, v2.created_by, v2.points) == (2, instructor, Decimal("2.00"))
    v1 = question.versions.get(number=1)
    assert v1.text == "Which answer keeps the relationship safe?"
    assert len(v1.choices) == 2 and v1.points == Decimal("1")
    assert question.versions.count() == 2


@pytest.mark.django_db
def test_saving_without_a_change_is_refused_also_when_sent_twice():
    question = write()
    same = {
        "text": " Which answer keeps the relationship safe? ",
        "choices": choices(("Lend money", False), ("Keep to the program's channels", True)),
        "points": "1.00",
    }
    refused("no_change", services.question_version_add, question=question, by=None, **same)
    changed = {**same, "points": "3"}
    assert services.question_version_add(question=question, by=None, **changed).number == 2
    refused("no_change", services.question_version_add, question=question, by=None, **changed)
    assert question.versions.count() == 2


@pytest.mark.django_db
def test_editing_checks_the_rules_of_the_kind():
    question = write(K.ESSAY, choices=[], rubric="Names the boundary")
    refused("rubric_required", services.question_version_add, question=question, text="New", points="1", by=None)
    assert question.versions.count() == 1


@pytest.mark.django_db
def test_an_answer_keeps_the_version_it_was_given(participant):
    version = make.question(K.SINGLE, text="The old words")
    exam = make.exam(participant.cohort, questions=[version])
    attempt = make.submitted_attempt(exam, participant, [(version, {"choices": ["b"]})])
    services.question_version_add(
        question=version.question, text="The new words", choices=version.choices, points="1", by=None
    )
    answer = attempt.answers.select_related("version").get()
    assert (answer.version.number, answer.version.text) == (1, "The old words")


@pytest.mark.django_db
def test_retire_and_restore_are_safe_twice():
    question = write()
    assert services.question_retire(question=question, by=None) is True
    assert services.question_retire(question=question, by=None) is False
    assert Question.objects.get(pk=question.pk).active is False
    assert services.question_restore(question=question, by=None) is True
    assert services.question_restore(question=question, by=None) is False
    assert QuestionVersion.objects.filter(question=question).count() == 1


# --- Competencies --------------------------------------------------------------------------


@pytest.mark.django_db
def test_competencies_are_added_renamed_moved_and_retired():
    added = services.competency_create(name="  Advocacy ", description="Speaking up", by=None)
    assert (added.name, added.position, added.active) == ("Advocacy", 6, True)
    refused("name_taken", services.competency_create, name="advocacy", by=None)
    refused("name_required", services.competency_create, name=" ", by=None)
    services.competency_change(
        competency=added, name="Advocacy and voice", description="", position=0, active=False, by=None
    )
    added.refresh_from_db()
    assert (added.name, added.position, added.active) == ("Advocacy and voice", 0, False)
    refused(
        "name_taken",
        services.competency_change,
        competency=added,
        name=ETHICS,
        description="",
        position=0,
        active=True,
        by=None,
    )
    refused(
        "bad_position",
        services.competency_change,
        competency=added,
        name="X",
        description="",
        position=-1,
        active=True,
        by=None,
    )


@pytest.mark.django_db
def test_a_competency_with_questions_or_observations_cannot_be_deleted(participant):
    make.question()
    refused("competency_in_use", services.competency_delete, competency=make.competency(), by=None)
    observed = make.competency("Self-care")
    CompetencyAssessment.objects.create(
        participant=participant,
        competency=observed,
        setting="intensive",
        result="met",
        evidence="Took a break",
        observed_on=datetime.date(2026, 6, 9),
    )
    refused("competency_in_use", services.competency_delete, competency=observed, by=None)
    unused = make.competency("Cultural humility")
    services.competency_delete(competency=unused, by=None)
    refused("already_deleted", services.competency_delete, competency=unused, by=None)
    assert Competency.objects.count() == 5


# --- Exams ---------------------------------------------------------------------------------


def settings(**overrides):
    now = timezone.now()
    return {
        "title": "Final exam",
        "instructions": "Take your time.",
        "selection": Exam.Selection.FIXED,
        "draw_per_competency": 2,
        "time_limit_minutes": 90,
        "pass_percent": 70,
        "min_competency_percent": None,
        "opens_at": now + datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=8),
        "max_attempts": 2,
        "wait_days": 14,
        "layout": Exam.Layout.ONE_PER_PAGE,
        "second_scorer_required": False,
        "appeal_days": 14,
        **overrides,
    }


@pytest.mark.django_db
def test_an_exam_for_a_cohort_with_chosen_questions(cohort):
    first, second = make.question(), make.question(K.ESSAY)
    exam = services.exam_create(
        cohort=cohort, questions=[second.question, first.question], by=None, **settings(min_competency_percent=50)
    )
    assert exam.requirement.kind == Requirement.Kind.EXAM
    assert list(exam.exam_questions.values_list("question", flat=True)) == [second.question.pk, first.question.pk]
    assert exam.min_competency_percent == 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": " "}, "title_required"),
        ({"time_limit_minutes": 4}, "bad_time_limit"),
        ({"time_limit_minutes": 601}, "bad_time_limit"),
        ({"time_limit_minutes": "90"}, "bad_time_limit"),
        ({"pass_percent": 0}, "bad_pass_percent"),
        ({"pass_percent": 101}, "bad_pass_percent"),
        ({"min_competency_percent": 0}, "bad_min_competency_percent"),
        ({"min_competency_percent": 101}, "bad_min_competency_percent"),
        ({"max_attempts": 0}, "bad_attempts"),
        ({"wait_days": -1}, "bad_wait_days"),
        ({"wait_days": 366}, "bad_wait_days"),
        ({"appeal_days": 0}, "bad_appeal_days"),
        ({"appeal_days": 91}, "bad_appeal_days"),
        ({"selection": "lottery"}, "bad_selection"),
        ({"layout": "scroll"}, "bad_layout"),
        ({"selection": "random", "draw_per_competency": 0}, "bad_draw"),
        ({"opens_at": None}, "window_required"),
    ],
)
def test_exam_settings_are_checked(cohort, overrides, code):
    version = make.question()
    refused(code, services.exam_create, cohort=cohort, questions=[version.question], by=None, **settings(**overrides))
    assert not Exam.objects.exists()


@pytest.mark.django_db
def test_the_exam_closes_after_it_opens(cohort):
    version = make.question()
    now = timezone.now()
    for closes in (now, now - datetime.timedelta(minutes=1)):
        refused(
            "window_order",
            services.exam_create,
            cohort=cohort,
            questions=[version.question],
            by=None,
            **settings(opens_at=now, closes_at=closes),
        )


@pytest.mark.django_db
def test_chosen_questions_must_be_given_and_active(cohort):
    version = make.question()
    refused("no_questions", services.exam_create, cohort=cohort, questions=[], by=None, **settings())
    services.question_retire(question=version.question, by=None)
    version.question.refresh_from_db()
    refused(
        "question_retired", services.exam_create, cohort=cohort, questions=[version.question], by=None, **settings()
    )


@pytest.mark.django_db
def test_a_random_draw_needs_enough_questions_in_every_active_competency(cohort):
    for competency in Competency.objects.all():
        make.question(competency_name=competency.name)
        if competency.name != "Self-care":
            make.question(competency_name=competency.name)
    error = refused(
        "draw_too_large",
        services.exam_create,
        cohort=cohort,
        by=None,
        **settings(selection="random", draw_per_competency=2),
    )
    assert "Self-care" in str(error) and ETHICS not in str(error)
    # Retired questions do not count; a retired competency is not drawn from.
    Competency.objects.filter(name="Self-care").update(active=False)
    exam = services.exam_create(cohort=cohort, by=None, **settings(selection="random", draw_per_competency=2))
    assert (exam.selection, exam.draw_per_competency, exam.exam_questions.count()) == ("random", 2, 0)


@pytest.mark.django_db
def test_one_exam_per_cohort_also_when_sent_twice(cohort):
    version = make.question()
    services.exam_create(cohort=cohort, questions=[version.question], by=None, **settings())
    refused("exam_exists", services.exam_create, cohort=cohort, questions=[version.question], by=None, **settings())
    assert Exam.objects.count() == 1


@pytest.mark.django_db
def test_a_cohort_whose_set_has_no_exam_is_refused(cohort):
    version = make.question()
    cohort.requirement_set.requirements.filter(kind=Requirement.Kind.EXAM).delete()
    refused(
        "no_exam_requirement", services.exam_create, cohort=cohort, questions=[version.question], by=None, **settings()
    )


@pytest.mark.django_db
def test_changing_an_exam_before_anyone_takes_it(cohort):
    first, second, third = make.question(), make.question(), make.question()
    exam = services.exam_create(cohort=cohort, questions=[first.question, second.question], by=None, **settings())
    services.exam_change(exam=exam, questions=[third.question, first.question], by=None, **settings(title="Exam"))
    assert list(exam.exam_questions.values_list("question", flat=True)) == [third.question.pk, first.question.pk]
    assert Exam.objects.get().title == "Exam"


@pytest.mark.django_db
def test_once_taken_the_questions_stay_but_the_window_can_change(participant):
    first, second = make.question(), make.question()
    exam = make.exam(participant.cohort, questions=[first])
    make.submitted_attempt(exam, participant, [(first, {"choices": ["b"]})])
    fields = settings(opens_at=exam.opens_at, closes_at=exam.closes_at)
    error = refused(
        "has_attempts", services.exam_change, exam=exam, questions=[first.question, second.question], by=None, **fields
    )
    assert "make the change for the next cohort" in str(error)
    refused("has_attempts", services.exam_change, exam=exam, by=None, **{**fields, "selection": "random"})
    later = exam.closes_at + datetime.timedelta(days=7)
    services.exam_change(
        exam=exam, questions=[first.question], by=None, **{**fields, "closes_at": later, "instructions": "New words"}
    )
    exam.refresh_from_db()
    assert (exam.closes_at, exam.instructions) == (later, "New words")
    assert list(ExamQuestion.objects.filter(exam=exam).values_list("question", flat=True)) == [first.question.pk]


@pytest.mark.django_db
def test_a_question_retired_after_it_was_chosen_can_stay(cohort):
    version = make.question()
    exam = services.exam_create(cohort=cohort, questions=[version.question], by=None, **settings())
    services.question_retire(question=version.question, by=None)
    version.question.refresh_from_db()
    services.exam_change(exam=exam, questions=[version.question], by=None, **settings(title="Renamed"))
    assert Exam.objects.get().title == "Renamed"


# --- Accommodations ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_accommodation_per_participant_and_exam(participant, program_staff):
    exam = make.exam(participant.cohort, questions=[make.question()])
    services.accommodation_set(
        exam=exam, participant=participant, extra_minutes=30, read_aloud_layout=True, note="Dyslexia", by=program_staff
    )
    services.accommodation_set(
        exam=exam, participant=participant, extra_minutes=45, read_aloud_layout=False, note="", by=program_staff
    )
    accommodation = ExamAccommodation.objects.get()
    assert (accommodation.extra_minutes, accommodation.read_aloud_layout, accommodation.note) == (45, False, "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes", "code"), [(-1, "bad_extra_minutes"), (601, "bad_extra_minutes"), ("5", "bad_extra_minutes")]
)
def test_accommodation_minutes_are_checked(participant, minutes, code):
    exam = make.exam(participant.cohort, questions=[make.question()])
    refused(
        code,
        services.accommodation_set,
        exam=exam,
        participant=participant,
        extra_minutes=minutes,
        read_aloud_layout=False,
        by=None,
    )


@pytest.mark.django_db
def test_an_accommodation_is_for_someone_of_the_exam_cohort(participant):
    exam = make.exam(participant.cohort, questions=[make.question()])
    stranger = ParticipantFactory(cohort=CohortFactory(year=2025))
    refused(
        "other_cohort",
        services.accommodation_set,
        exam=exam,
        participant=stranger,
        extra_minutes=10,
        read_aloud_layout=False,
        by=None,
    )
