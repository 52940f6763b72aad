"""What staff write for participants, in Spanish beside the English (issue #25): the exam's
title and instructions, the code of ethics, training session titles and competencies.
A Spanish page shows the Spanish text when staff wrote one, else the English with a
note; the staff forms save both. Past exams say "Opened" and "Closed"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from requirements_tracking.ethics.services import ethics_code_publish
from requirements_tracking.models import Competency, EthicsCode, Exam, TrainingSession
from tests.requirements_tracking import exam_factories as make
from tests.requirements_tracking.ethics.test_services import BODY, cpse_credential
from tests.requirements_tracking.exam_bank.test_views import exam_form
from tests.requirements_tracking.sessions.test_services import local, schedule
from tests.requirements_tracking.sessions.test_views import form as session_form

NOW = datetime.datetime(2026, 5, 20, 16, 0, tzinfo=datetime.UTC)
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def note() -> str:
    with translation.override("es"):
        return translation.gettext("This has not been written in Spanish yet, so it is shown in English.")


def page(client, url, **headers) -> str:
    return client.get(url, **headers).content.decode()


# --- What participants read ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_exam_reads_in_spanish_when_staff_wrote_it(client, participant):
    make.exam(
        participant.cohort,
        questions=[make.question()],
        instructions="Take your time.",
        title_es="Examen final",
        instructions_es="Tómese su tiempo.",
    )
    client.force_login(participant.user)
    spanish = page(client, reverse("exam:mine"), **SPANISH)
    assert "Examen final" in spanish and "Tómese su tiempo." in spanish
    assert "Take your time." not in spanish and note() not in spanish
    english = page(client, reverse("exam:mine"))
    assert "Final exam" in english and "Take your time." in english and "Examen final" not in english


@pytest.mark.django_db
def test_an_exam_without_spanish_shows_the_english_marked_and_with_a_note(client, participant):
    make.exam(participant.cohort, questions=[make.question()], instructions="Take your time.")
    client.force_login(participant.user)
    spanish = page(client, reverse("exam:mine"), **SPANISH)
    assert '<h2 id="exam-heading" class="h4" lang="en">Final exam</h2>' in spanish
    assert '<div class="text-break" lang="en"><p>Take your time.</p></div>' in spanish
    assert spanish.count(note()) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens", "closes", "words", "not_words"),
    [
        (1, 30, ("Opened", "Closes"), ("Opens", "Closed")),  # open now
        (-3, 30, ("Opens", "Closes"), ("Opened", "Closed")),  # not yet open
        (40, 10, ("Opened", "Closed"), ("Opens", "Closes")),  # past
    ],
)
def test_the_exam_window_says_opened_and_closed_once_past(client, participant, opens, closes, words, not_words):
    make.exam(
        participant.cohort,
        questions=[make.question()],
        opens_at=NOW - datetime.timedelta(days=opens),
        closes_at=NOW - datetime.timedelta(days=closes) if opens > closes else NOW + datetime.timedelta(days=closes),
    )
    client.force_login(participant.user)
    content = page(client, reverse("exam:mine"))
    for word in words:
        assert f'<dt class="col-sm-4">{word}</dt>' in content
    for word in not_words:
        assert f'<dt class="col-sm-4">{word}</dt>' not in content


@pytest.mark.django_db
def test_the_code_of_ethics_reads_in_spanish_or_in_english_with_a_note(client, participant):
    ethics_code_publish(
        credential=cpse_credential(),
        title="Code of ethics",
        body=BODY,
        changes="",
        title_es="Código de ética",
        body_es="Somos pares, no amistades.",
        by=None,
    )
    client.force_login(participant.user)
    spanish = page(client, reverse("ethics:mine"), **SPANISH)
    assert "Código de ética" in spanish and "<p>Somos pares, no amistades.</p>" in spanish
    assert "We are peers, not friends." not in spanish and note() not in spanish
    ethics_code_publish(
        credential=cpse_credential(), title="Code of ethics", body=BODY, changes="Shorter.", by=None
    )  # version 2, English only
    spanish = page(client, reverse("ethics:mine"), **SPANISH)
    assert '<h2 id="ethics-title" class="h3" lang="en">Code of ethics</h2>' in spanish
    assert '<div lang="en"><p>Shorter.</p></div>' in spanish and "We are peers, not friends." in spanish
    assert spanish.count(note()) == 1
    assert "Código de ética" in spanish  # version 1, listed by its Spanish title


@pytest.mark.django_db
def test_session_titles_and_competencies_read_in_spanish(client, cohort, participant):
    session = schedule(cohort, starts_at=local(2026, 5, 26, 18), title="Listening well")
    TrainingSession.objects.filter(pk=session.pk).update(title_es="Escuchar bien")
    schedule(cohort, starts_at=local(2026, 5, 27, 18), title="Boundaries")
    Competency.objects.filter(name="Ethics and boundaries").update(name_es="Ética y límites")
    client.force_login(participant.user)
    sessions = page(client, reverse("sessions:mine"), **SPANISH)
    assert "Escuchar bien" in sessions and "Listening well" not in sessions
    assert '<h3 class="h6 mb-1" lang="en">Boundaries</h3>' in sessions and sessions.count(note()) == 1
    competencies = page(client, reverse("competency:mine"), **SPANISH)
    assert "Ética y límites" in competencies and "Ethics and boundaries" not in competencies


# --- What staff write --------------------------------------------------------------------------


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.mark.django_db
def test_staff_write_the_exam_in_both_languages_side_by_side(staff, cohort):
    question = make.question()
    form = page(staff, reverse("exam_bank:exam_create"))
    assert form.index('name="title"') < form.index('name="title_es"') < form.index('name="instructions"')
    response = staff.post(
        reverse("exam_bank:exam_create"),
        exam_form(cohort, [question.question], title_es=" Examen final ", instructions_es="Tómese su tiempo."),
    )
    assert response.status_code == 302
    exam = Exam.objects.get()
    assert (exam.title_es, exam.instructions_es) == ("Examen final", "Tómese su tiempo.")
    edit = page(staff, reverse("exam_bank:exam_edit", args=[exam.public_id]))
    assert 'value="Examen final"' in edit


@pytest.mark.django_db
def test_a_spanish_title_too_long_is_refused_and_what_was_typed_stays(staff, cohort):
    question = make.question()
    response = staff.post(
        reverse("exam_bank:exam_create"),
        exam_form(cohort, [question.question], title_es="x" * 201, instructions_es="Palabras guardadas"),
    )
    assert response.status_code == 200 and not Exam.objects.exists()
    content = response.content.decode()
    assert "Palabras guardadas" in content and 'id="error_1_id_title_es"' in content


@pytest.mark.django_db
def test_staff_publish_the_code_of_ethics_with_its_spanish(staff, cohort):
    data = {
        "credential": str(cohort.credential_id),
        "title": "Code of ethics",
        "body": BODY,
        "changes": "",
        "title_es": "Código de ética",
        "body_es": "Somos pares.",
        "changes_es": "",
    }
    confirm = page(staff, reverse("ethics:staff_publish"))
    assert confirm.index('name="body"') < confirm.index('name="body_es"')
    confirm = staff.post(reverse("ethics:staff_publish"), data).content.decode()
    assert (
        '<h3 class="h4" lang="es">Código de ética</h3>' in confirm and '<div lang="es"><p>Somos pares.</p>' in confirm
    )
    staff.post(reverse("ethics:staff_publish"), data | {"publish": "1"})
    code = EthicsCode.objects.get()
    assert (code.title_es, code.body_es, code.changes_es) == ("Código de ética", "Somos pares.", "")


@pytest.mark.django_db
def test_staff_name_sessions_and_competencies_in_spanish(staff, cohort):
    response = staff.post(reverse("sessions:create"), session_form(cohort, title_es="Escuchar bien"))
    assert response.status_code == 302
    assert TrainingSession.objects.get().title_es == "Escuchar bien"
    staff.post(
        reverse("exam_bank:competency_list"), {"name": "Advocacy", "name_es": "Defensa", "description_es": "Hablar"}
    )
    added = Competency.objects.get(name="Advocacy")
    assert (added.name_es, added.description_es) == ("Defensa", "Hablar")
    edit = reverse("exam_bank:competency_edit", args=[added.pk])
    assert 'value="Defensa"' in page(staff, edit)
