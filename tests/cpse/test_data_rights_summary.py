"""The readable summary in the "My data" download (issue #25): the same data as the JSON
files, in the person's language, with each exam question next to her answer, and
nothing of anybody else's."""

import json
import re

import pytest
from django.utils import translation

from cpse import data_rights
from cpse.data_rights.summary import LABELS, SECTIONS, node
from requirements_tracking.models import Question
from tests.cpse.test_data_rights import _archive
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
CHOICE = "Which answer keeps the relationship safe?"
WRITTEN = "What do you say when a person asks to meet alone?"


@pytest.fixture
def answered(participant, other_participant):
    """The participant's submitted exam (a choice and a written answer), and another
    participant's answers to the same questions."""
    choice = make.question()
    written = make.question(K.SHORT, text=WRITTEN)
    exam = make.exam(participant.cohort, questions=[choice, written])
    make.submitted_attempt(
        exam, participant, [(choice, {"choices": ["b"]}), (written, {"text": "We meet at the office."})]
    )
    make.submitted_attempt(
        exam, other_participant, [(choice, {"choices": ["a"]}), (written, {"text": "Words of somebody else"})]
    )
    return participant


def label(key: str, language: str) -> str:
    with translation.override(language):
        return str(LABELS[key])


def summary_of(client, person, language="en") -> tuple[str, dict]:
    client.cookies["django_language"] = language
    client.force_login(person.user)
    files = _archive(client)
    return files[data_rights.SUMMARY_FILE], files


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_summary_puts_each_question_next_to_her_answer(client, answered, language):
    summary, files = summary_of(client, answered, language)
    assert f'<html lang="{language}">' in summary
    question, answer = label("question", language), label("your_answer", language)
    assert (
        f"<dt>{question}</dt><dd>{CHOICE}</dd><dt>{answer}</dt><dd>Keep to the program&#x27;s channels</dd>" in summary
    )
    assert f"<dt>{question}</dt><dd>{WRITTEN}</dd><dt>{answer}</dt><dd>We meet at the office.</dd>" in summary
    with translation.override(language):
        assert f"<h2>{SECTIONS['exam']}</h2>" in summary
    # One source: the JSON beside it says the same.
    [attempt] = json.loads(files["exam.json"])["attempts"]
    assert attempt["answers"] == [
        {"question": CHOICE, "your_answer": "Keep to the program's channels"},
        {"question": WRITTEN, "your_answer": "We meet at the office."},
    ]


@pytest.mark.django_db
def test_the_summary_holds_nothing_of_anybody_else(client, answered, other_participant):
    summary, _files = summary_of(client, answered)
    assert "Words of somebody else" not in summary and "Share your phone number" not in summary
    assert other_participant.user.email not in summary and str(other_participant.user) not in summary
    assert "http" not in re.sub(r"<!doctype html>", "", summary)  # loads nothing from outside


def test_values_read_as_words_and_a_new_key_still_shows():
    with translation.override("en"):
        shown = node({"passed": True, "hours": 1.5, "notes": "", "answers": [], "a_new_key": "x"})
    assert [(name, child.text) for name, child in shown.fields] == [
        ("Passed", "Yes"),
        ("Hours", "1.5"),
        ("Notes", "—"),
        ("Answers", "Nothing held"),
        ("A new key", "x"),
    ]
