"""The exam set-up pages: the question bank (forms keep what was typed, refusals next to
their field, versions in the history), competencies, exams and accommodations, and the
query counts of the lists."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from cpse.audit.models import AccessLogEntry
from requirements_tracking.models import (
    Competency,
    Exam,
    ExamAccommodation,
    ExamQuestion,
    Question,
    QuestionVersion,
)
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
BANK = reverse("exam_bank:question_list")
NEW_QUESTION = reverse("exam_bank:question_create")
EXAMS = reverse("exam_bank:exam_list")
NEW_EXAM = reverse("exam_bank:exam_create")
COMPETENCIES = reverse("exam_bank:competency_list")


def detail_url(question):
    return reverse("exam_bank:question_detail", args=[question.public_id])


def edit_url(question):
    return reverse("exam_bank:question_edit", args=[question.public_id])


def question_form(kind="single", rows=(), **overrides):
    data = {
        "competency": "ethics",  # replaced by the competency's id when posted (see `post`)
        "kind": kind,
        "text": "Which answer keeps the relationship safe?",
        "points": "1",
        "rubric": "",
    }
    for index, (text, correct) in enumerate(rows):
        data[f"choice_text_{index}"] = text
        if correct:
            data[f"choice_correct_{index}"] = "on"
    return {**data, **overrides}


def post(client, data):
    """Post a question form, naming the ethics competency by its id."""
    if data.get("competency") == "ethics":
        data = {**data, "competency": str(make.competency().pk)}
    return client.post(NEW_QUESTION, data)


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


# --- Questions ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_write_a_single_choice_question(staff, program_staff):
    rows = [("Lend money", False), ("", True), ("Keep to the program's channels", True)]
    response = post(staff, question_form(rows=rows))
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(question)
    version = question.versions.get()
    assert version.correct_keys == {"b"} and len(version.choices) == 2
    assert version.created_by == program_staff
    # Sent twice (a double click): one question.
    again = post(staff, question_form(rows=rows))
    assert "already in the bank" in again.content.decode()
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_the_question_and_its_choices_are_saved_with_their_spanish(staff):
    """Each Spanish is optional; a new version carries what was written, and the form
    offers it again when the question is changed."""
    rows = [("Lend money", False), ("Keep to the program's channels", True)]
    data = question_form(rows=rows, text_es="¿Qué respuesta mantiene segura la relación?")
    data["choice_text_es_1"] = "Mantenerse en los canales del programa"
    assert post(staff, data).status_code == 302
    question = Question.objects.get()
    version = question.versions.get()
    assert version.text_es == "¿Qué respuesta mantiene segura la relación?"
    assert [choice.get("text_es") for choice in version.choices] == [None, "Mantenerse en los canales del programa"]
    form = staff.get(edit_url(question)).content.decode()
    assert 'lang="es"' in form and "Mantenerse en los canales del programa" in form
    detail = staff.get(detail_url(question)).content.decode()
    assert '<span lang="es">Mantenerse en los canales del programa</span>' in detail
    # Only the Spanish changes: still a new version.
    data["choice_text_es_0"] = "Prestar dinero"
    assert staff.post(edit_url(question), data).status_code == 302
    assert question.versions.count() == 2
    assert question.versions.first().choices[0]["text_es"] == "Prestar dinero"


@pytest.mark.django_db
def test_write_an_essay_and_a_true_or_false_question(client, instructor):
    client.force_login(instructor)
    post(client, question_form("essay", rubric="Names the boundary", points="4"))
    post(client, question_form("true_false", true_false="false"))
    essay, statement = Question.objects.order_by("pk")
    assert essay.versions.get().rubric == "Names the boundary"
    assert statement.versions.get().correct_keys == {"false"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (question_form(rows=[("A", False), ("B", False)]), "exactly one right choice"),
        (question_form(rows=[("A", True), ("B", True)]), "exactly one right choice"),
        (question_form("multiple", rows=[("A", True), ("B", True)]), "at least one right choice and at least one"),
        (question_form("essay"), "Please write the rubric"),
        (question_form(rows=[("A", True), ("B", False)], points="abc"), "as a number"),
        (question_form(rows=[("A", True), ("B", False)], points="0"), "between 0.5 and 100"),
        (question_form(rows=[("A", True), ("B", False)], points="-2"), "between 0.5 and 100"),
        (question_form("true_false"), "true or false"),
        (question_form(rows=[("A", True), ("B", False)], kind="poem"), "type of question"),
        (question_form(rows=[("A", True), ("B", False)], competency="999999"), "Please choose a competency"),
        (question_form(rows=[("A", True), ("B", False)], competency="abc"), "Please choose a competency"),
    ],
)
def test_a_refused_question_keeps_what_was_typed(staff, data, message):
    response = post(staff, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Please check the answers marked below" in content
    assert "Which answer keeps the relationship safe?" in content
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_edit_adds_a_version_shown_in_the_history(staff):
    version = make.question(K.SINGLE, text="The old words")
    question = version.question
    page = staff.get(edit_url(question))
    assert "The old words" in page.content.decode()
    data = {
        "text": "The new words",
        "points": "2",
        "choice_text_0": "Share your phone number",
        "choice_text_1": "Keep to the program's channels",
        "choice_correct_1": "on",
    }
    response = staff.post(edit_url(question), data)
    assert response.status_code == 302
    assert list(question.versions.order_by("number").values_list("text", flat=True)) == [
        "The old words",
        "The new words",
    ]
    history = staff.get(detail_url(question)).content.decode()
    assert "Version 2" in history and "Version 1" in history
    assert "The old words" in history and "The new words" in history
    # The same again: nothing to save.
    again = staff.post(edit_url(question), data)
    assert "Nothing has changed" in again.content.decode()
    assert question.versions.count() == 2


@pytest.mark.django_db
def test_kind_and_competency_cannot_change_on_edit(staff):
    version = make.question(K.ESSAY)
    staff.post(
        edit_url(version.question),
        {"text": "Changed", "points": "1", "rubric": "A rubric", "kind": "single", "competency": "999"},
    )
    question = Question.objects.get()
    assert (question.kind, question.competency.name) == ("essay", "Ethics and boundaries")
    assert question.versions.count() == 2


@pytest.mark.django_db
def test_retire_and_restore(staff):
    question = make.question().question
    staff.post(reverse("exam_bank:question_retire", args=[question.public_id]))
    assert not Question.objects.get().active
    response = staff.post(reverse("exam_bank:question_retire", args=[question.public_id]), follow=True)
    assert "already retired" in response.content.decode()
    staff.post(reverse("exam_bank:question_restore", args=[question.public_id]))
    assert Question.objects.get().active


@pytest.mark.django_db
def test_the_bank_filters(staff):
    make.question(K.SINGLE, text="An ethics question")
    make.question(K.ESSAY, competency_name="Self-care", text="A self-care essay")
    retired = make.question(K.SINGLE, text="An old question").question
    Question.objects.filter(pk=retired.pk).update(active=False)
    everything = staff.get(BANK).content.decode()
    assert "An ethics question" in everything and "A self-care essay" in everything
    assert "An old question" not in everything
    care = make.competency("Self-care")
    only_care = staff.get(BANK, {"competency": care.pk}).content.decode()
    assert "A self-care essay" in only_care and "An ethics question" not in only_care
    essays = staff.get(BANK, {"kind": "essay"}).content.decode()
    assert "A self-care essay" in essays and "An ethics question" not in essays
    retired_page = staff.get(BANK, {"active": "retired"}).content.decode()
    assert "An old question" in retired_page and "An ethics question" not in retired_page
    # Nonsense in the filters: a page, not an error.
    assert staff.get(BANK, {"competency": "abc", "kind": "poem", "page": "x"}).status_code == 200


@pytest.mark.django_db
def test_the_bank_shows_the_first_120_characters_of_the_current_version(staff):
    version = make.question(text="x" * 300)
    QuestionVersion.objects.create(question=version.question, number=2, text="y" * 300, choices=version.choices)
    content = staff.get(BANK).content.decode()
    assert "y" * 119 + "…" in content and "y" * 121 not in content and "x" * 50 not in content


@pytest.mark.django_db
def test_empty_bank(staff):
    assert "The bank has no questions yet" in staff.get(BANK).content.decode()


@pytest.mark.django_db
def test_the_bank_costs_the_same_with_3_or_30_questions(staff):
    def add(count):
        for n in range(count):
            version = make.question([K.SINGLE, K.ESSAY, K.TRUE_FALSE][n % 3], competency_name="Self-care")
            QuestionVersion.objects.create(question=version.question, number=2, text="Again", choices=version.choices)

    add(3)
    counts = assert_queries_do_not_grow(staff, [BANK, f"{BANK}?active=all&kind=single"], lambda: add(27))
    print("bank queries:", counts)


# --- Competencies -------------------------------------------------------------------------


@pytest.mark.django_db
def test_competencies_add_change_and_delete(staff):
    response = staff.post(COMPETENCIES, {"name": "Advocacy", "description": "Speaking up"})
    assert response.status_code == 302
    added = Competency.objects.get(name="Advocacy")
    assert "Please give the competency a name" in staff.post(COMPETENCIES, {"name": ""}).content.decode()
    assert "already a competency" in staff.post(COMPETENCIES, {"name": "advocacy"}).content.decode()
    edit = reverse("exam_bank:competency_edit", args=[added.pk])
    staff.post(edit, {"name": "Advocacy and voice", "description": "", "position": "0"})
    added.refresh_from_db()
    assert (added.name, added.position, added.active) == ("Advocacy and voice", 0, False)
    bad = staff.post(edit, {"name": "Advocacy", "position": "first"}).content.decode()
    assert "whole number" in bad
    staff.post(reverse("exam_bank:competency_delete", args=[added.pk]))
    assert not Competency.objects.filter(pk=added.pk).exists()


@pytest.mark.django_db
def test_a_competency_with_questions_stays(staff):
    make.question()
    ethics = make.competency()
    response = staff.post(reverse("exam_bank:competency_delete", args=[ethics.pk]), follow=True)
    assert "You can retire it instead" in response.content.decode()
    assert Competency.objects.filter(pk=ethics.pk).exists()


@pytest.mark.django_db
def test_instructors_manage_the_bank_but_not_competencies_or_exams(client, instructor):
    client.force_login(instructor)
    assert client.get(BANK).status_code == 200
    assert client.get(COMPETENCIES).status_code == 403
    assert client.get(EXAMS).status_code == 403
    content = client.get(BANK).content.decode()
    assert f'href="{COMPETENCIES}"' not in content and f'href="{EXAMS}"' not in content


# --- Exams --------------------------------------------------------------------------------


def exam_form(cohort, questions=(), /, **overrides):
    data = {
        "cohort": str(cohort.pk),
        "title": "Final exam",
        "instructions": "Take your time.",
        "selection": "fixed",
        "questions": [str(q.public_id) for q in questions],
        "draw_per_competency": "2",
        "time_limit_minutes": "90",
        "pass_percent": "70",
        "min_competency_percent": "",
        "opens_at": "2026-09-01T09:00",
        "closes_at": "2026-09-15T17:00",
        "max_attempts": "2",
        "wait_days": "14",
        "layout": "one_per_page",
        "appeal_days": "14",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_set_up_an_exam_for_a_cohort(staff, cohort):
    choice, essay = make.question(), make.question(K.ESSAY, competency_name="Safety planning")
    form = staff.get(NEW_EXAM).content.decode()
    assert "Ethics and boundaries" in form and "Safety planning" in form
    response = staff.post(NEW_EXAM, exam_form(cohort, [essay.question, choice.question], second_scorer_required="on"))
    exam = Exam.objects.get()
    assert response["Location"] == reverse("exam_bank:exam_detail", args=[exam.public_id])
    assert exam.second_scorer_required and exam.opens_at.hour == 13  # 9:00 in New York is 13:00 UTC
    assert list(exam.exam_questions.values_list("question", flat=True)) == [essay.question.pk, choice.question.pk]
    page = staff.get(response["Location"]).content.decode()
    assert "Final exam" in page and "Which answer keeps the relationship safe?" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pass_percent": "0"}, "between 1 and 100"),
        ({"pass_percent": "101"}, "between 1 and 100"),
        ({"pass_percent": "seventy"}, "whole number"),
        ({"time_limit_minutes": "4"}, "between 5 and 600"),
        ({"closes_at": "2026-09-01T08:00"}, "must close after it opens"),
        ({"opens_at": "tomorrow"}, "Please give a date and time"),
        ({"questions": [str(uuid.uuid4())]}, "not in the bank any more"),
        ({"questions": []}, "at least one question"),
        ({"cohort": "999999"}, "Please choose a cohort"),
        ({"wait_days": "366"}, "between 0 and 365"),
        ({"appeal_days": "91"}, "between 1 and 90"),
        ({"max_attempts": "0"}, "between 1 and 20"),
        ({"min_competency_percent": "101"}, "between 1 and 100"),
        ({"selection": "random", "draw_per_competency": "5"}, "Too few in: Ethics and boundaries"),
        ({"selection": "random", "draw_per_competency": ""}, "how many questions to draw"),
    ],
)
def test_a_refused_exam_keeps_what_was_typed(staff, cohort, overrides, message):
    version = make.question()
    response = staff.post(NEW_EXAM, exam_form(cohort, [version.question], instructions="Kept words", **overrides))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content, content[content.find("alert-danger") : content.find("alert-danger") + 800]
    assert "Kept words" in content
    assert not Exam.objects.exists()


@pytest.mark.django_db
def test_a_second_exam_for_the_same_cohort_is_refused(staff, cohort):
    version = make.question()
    staff.post(NEW_EXAM, exam_form(cohort, [version.question]))
    response = staff.post(NEW_EXAM, exam_form(cohort, [version.question]))
    assert "already has a final exam" in response.content.decode()
    assert Exam.objects.count() == 1


@pytest.mark.django_db
def test_the_questions_of_a_taken_exam_stay(staff, participant):
    first, second = make.question(), make.question()
    exam = make.exam(participant.cohort, questions=[first])
    make.submitted_attempt(exam, participant, [(first, {"choices": ["b"]})])
    edit = reverse("exam_bank:exam_edit", args=[exam.public_id])
    page = staff.get(edit).content.decode()
    assert "People have taken this exam" in page
    response = staff.post(edit, exam_form(participant.cohort, [first.question, second.question]))
    assert "People have taken it; make the change for the next cohort" in response.content.decode()
    assert ExamQuestion.objects.filter(exam=exam).count() == 1
    response = staff.post(edit, exam_form(participant.cohort, [first.question], instructions="Bring water"))
    assert response.status_code == 302
    assert Exam.objects.get().instructions == "Bring water"


@pytest.mark.django_db
def test_empty_exam_list(staff):
    assert "No exam is set up yet" in staff.get(EXAMS).content.decode()


@pytest.mark.django_db
def test_the_exam_list_costs_the_same_with_3_or_30_exams(staff):
    version = make.question()
    years = iter(range(1990, 2030))

    def add(count):
        for _ in range(count):
            cohort = CohortFactory(year=next(years))
            exam = make.exam(cohort, questions=[version])
            participant = ParticipantFactory(cohort=cohort)
            make.submitted_attempt(exam, participant, [(version, {"choices": ["b"]})])

    add(3)
    counts = assert_queries_do_not_grow(staff, [EXAMS], lambda: add(27))
    print("exam list queries:", counts)
    assert "1990 cohort" in staff.get(f"{EXAMS}?page=1").content.decode()


@pytest.mark.django_db
def test_the_exam_page_costs_the_same_with_3_or_30_participants(staff, cohort):
    questions = [make.question() for _ in range(3)]
    exam = make.exam(cohort, questions=questions)
    url = reverse("exam_bank:exam_detail", args=[exam.public_id])

    def add(count):
        for n in range(count):
            participant = ParticipantFactory(cohort=cohort)
            if n % 2:
                ExamAccommodation.objects.create(exam=exam, participant=participant, extra_minutes=30, note="Why")
            ExamQuestion.objects.create(exam=exam, question=make.question().question, position=10 + n)

    add(3)
    assert_queries_do_not_grow(staff, [url], lambda: add(27))


# --- Accommodations -----------------------------------------------------------------------


def accommodation_url(exam, participant):
    return reverse("exam_bank:accommodation_edit", args=[exam.public_id, participant.public_id])


@pytest.mark.django_db
def test_an_accommodation_is_set_and_opening_its_note_is_recorded(staff, program_staff, participant):
    exam = make.exam(participant.cohort, questions=[make.question()])
    page = staff.get(reverse("exam_bank:exam_detail", args=[exam.public_id])).content.decode()
    assert "Participant Cora" in page and accommodation_url(exam, participant) in page
    url = accommodation_url(exam, participant)
    staff.get(url)
    assert not AccessLogEntry.objects.exists()  # nothing private to open yet
    response = staff.post(url, {"extra_minutes": "30", "read_aloud_layout": "on", "note": "Reads with a screen reader"})
    assert response.status_code == 302
    accommodation = ExamAccommodation.objects.get()
    assert (accommodation.extra_minutes, accommodation.read_aloud_layout) == (30, True)
    assert "Reads with a screen reader" in staff.get(url).content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind) == (program_staff, participant.user, "participant")
    # The exam page lists it without opening the note.
    assert (
        "Reads with a screen reader"
        not in staff.get(reverse("exam_bank:exam_detail", args=[exam.public_id])).content.decode()
    )
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", ["-1", "601", "ten", ""])
def test_bad_extra_minutes_are_explained(staff, participant, minutes):
    exam = make.exam(participant.cohort, questions=[make.question()])
    response = staff.post(accommodation_url(exam, participant), {"extra_minutes": minutes, "note": "Kept"})
    assert response.status_code == 200
    assert "Please check the answers marked below" in response.content.decode()
    assert "Kept" in response.content.decode()
    assert not ExamAccommodation.objects.exists()


@pytest.mark.django_db
def test_someone_outside_the_cohort_is_not_found(staff, participant):
    exam = make.exam(participant.cohort, questions=[make.question()])
    stranger = ParticipantFactory(cohort=CohortFactory(year=2025))
    assert staff.get(accommodation_url(exam, stranger)).status_code == 404
    assert staff.post(accommodation_url(exam, stranger), {"extra_minutes": "5"}).status_code == 404


@pytest.mark.django_db
def test_instructors_cannot_open_accommodations(client, instructor, participant):
    exam = make.exam(participant.cohort, questions=[make.question()])
    ExamAccommodation.objects.create(exam=exam, participant=participant, note="Private")
    client.force_login(instructor)
    assert client.get(accommodation_url(exam, participant)).status_code == 403
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_points_are_shown_without_trailing_zeros(staff):
    make.question(points="2.5")
    assert Decimal("2.5") == QuestionVersion.objects.get().points
    assert ">2.5<" in staff.get(BANK).content.decode()
