"""The exam in the reader's language (issue #25): the question and its choices in Spanish
when staff wrote them, else in English marked as English with the note; true or false in
the site's words; the answers on the review page and in "My data" the same way."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from requirements_tracking.data_rights import export_exam
from requirements_tracking.exam import services
from requirements_tracking.models import Question
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
NOW = datetime.datetime(2026, 6, 20, 15, 0, tzinfo=datetime.UTC)
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
NOTE_EN = "This has not been written in Spanish yet, so it is shown in English."


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def attempt(client, participant):
    single = make.question(
        K.SINGLE,
        text="Which answer keeps the relationship safe?",
        choices=[
            {"key": "a", "text": "Share your phone number", "text_es": "Compartir su teléfono", "correct": False},
            {"key": "b", "text": "Keep to the program's channels", "correct": True},  # no Spanish yet
        ],
    )
    single.text_es = "¿Qué respuesta mantiene segura la relación?"
    single.save(update_fields=["text_es"])
    true_false = make.question(K.TRUE_FALSE, competency_name="Self-care", text="Rest is part of the work.")
    exam = make.exam(participant.cohort, questions=[single, true_false], layout="all_on_one_page")
    client.force_login(participant.user)
    return services.attempt_start(participant=participant, exam=exam)


def note_es() -> str:
    with translation.override("es"):
        return translation.gettext(NOTE_EN)


@pytest.mark.django_db
def test_a_spanish_reader_takes_the_exam_in_spanish_where_it_is_written(client, attempt):
    page = client.get(reverse("exam:take", args=[attempt.public_id]), **SPANISH).content.decode()
    assert "¿Qué respuesta mantiene segura la relación?" in page
    assert "Compartir su teléfono" in page and "Share your phone number" not in page
    # A choice not written in Spanish: in English, marked so for screen readers.
    assert '<span lang="en">Keep to the program&#x27;s channels</span>' in page
    # The second question has no Spanish: English, with the note, once.
    assert '<span class="text-break" lang="en">Rest is part of the work.</span>' in page
    assert page.count(note_es()) == 1
    with translation.override("es"):
        assert translation.gettext("True") in page and translation.gettext("False") in page


@pytest.mark.django_db
def test_an_english_reader_sees_the_english_without_a_note(client, attempt):
    page = client.get(reverse("exam:take", args=[attempt.public_id])).content.decode()
    assert "Which answer keeps the relationship safe?" in page and "Compartir" not in page
    assert NOTE_EN not in page and 'lang="en"' not in page.split("<main", 1)[1]


@pytest.mark.django_db
def test_the_review_page_and_my_data_read_the_answers_in_the_readers_language(client, participant, attempt):
    services.answer_save(attempt=attempt, position=0, response={"choices": ["a"]})
    page = client.get(reverse("exam:review", args=[attempt.public_id]), **SPANISH).content.decode()
    assert "¿Qué respuesta mantiene segura la relación?" in page and "Compartir su teléfono" in page
    with translation.override("es"):
        answers = export_exam(participant.user)["attempts"][0]["answers"]
    assert answers[0] == {
        "question": "¿Qué respuesta mantiene segura la relación?",
        "your_answer": "Compartir su teléfono",
    }
    assert answers[1]["question"] == "Rest is part of the work."
