"""partials/fields.html renders a form's fields into the markup `{{ form|crispy }}` makes,
and partials/field.html one field into the markup `{{ field|as_crispy_field }}` makes
(issue #19: crispy's templates cost most of some pages' time): compared tag by tag, with
attributes in any order and spaces collapsed, unbound and bound with errors."""

from html.parser import HTMLParser

import pytest
from django.template import engines

from checkins.placement.forms import PlacementForm
from requirements_tracking.exam_bank.forms import ExamForm
from requirements_tracking.readiness.forms import SelfAssessmentForm
from requirements_tracking.readiness.questions import QUESTIONS


class _Parts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append((tag, sorted((name, value or "") for name, value in attrs)))

    def handle_endtag(self, tag):
        self.parts.append(f"/{tag}")

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.parts.append(text)


def tags_and_text(html: str) -> list:
    """What a browser and a screen reader get, whatever the template's spacing."""
    parts = _Parts()
    parts.feed(html)
    return parts.parts


def readiness_form(bound: bool) -> SelfAssessmentForm:
    data = {"settled": "", "people": "not-a-choice", "self_care_note": "x" * 600, "stories_note": "<b>mine</b>"}
    data.update({q.key: q.choices[0][0] for q in QUESTIONS[3:]})
    return SelfAssessmentForm(
        data if bound else None, sending=True, initial={"people": "several", "people_note": "Sundays & more"}
    )


def placement_form(bound: bool) -> PlacementForm:
    data = {
        "agency": "",
        "role": "not-a-role",
        "terms": "paid",
        "supervisor_email": "not an email",
        "role_other": "<i>",
    }
    return PlacementForm(data if bound else None, initial={"supervisor_name": "A. Supervisor"})


@pytest.mark.parametrize("make", [readiness_form, placement_form])
@pytest.mark.parametrize("bound", [False, True])
def test_the_fields_are_laid_out_as_crispy_lays_them_out(make, bound):
    form = make(bound)
    if bound:
        assert not form.is_valid()
        form.add_error(None, "A refusal from the service")
    engine = engines["django"]
    crispy = engine.from_string("{% load crispy_forms_tags %}{{ form|crispy }}").render({"form": form})
    ours = engine.from_string('{% include "partials/fields.html" %}').render({"form": form})
    assert tags_and_text(ours) == tags_and_text(crispy)
    assert 'aria-invalid="true"' in ours if bound else "is-invalid" not in ours


def exam_form(bound: bool) -> ExamForm:
    """Radio sets, number, date-time and text inputs, textareas with `lang`, a checkbox."""
    data = {
        "title": "",
        "instructions_es": "<b>Lea</b>",
        "selection": "not-a-choice",
        "time_limit_minutes": "ninety",
        "pass_percent": "700",
        "opens_at": "soon",
        "second_scorer_required": "on",
    }
    return ExamForm(data if bound else None, initial={"title": "Final exam", "layout": "one_per_page"})


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True])
def test_each_field_is_laid_out_as_crispy_lays_it_out(bound):
    form = exam_form(bound)
    if bound:
        assert not form.is_valid()
    engine = engines["django"]
    crispy = engine.from_string("{% load crispy_forms_filters %}{{ field|as_crispy_field }}")
    ours = engine.from_string('{% include "partials/field.html" %}')
    for field in form:
        expected = tags_and_text(crispy.render({"field": field}))
        assert tags_and_text(ours.render({"field": field})) == expected, field.name
    assert ('aria-invalid="true"' in ours.render({"field": form["title"]})) is bound
