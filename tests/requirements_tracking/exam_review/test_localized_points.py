"""Points a scorer types are read the way of their language: "2,5" on the Spanish pages,
"2.5" on the English ones; the other way is refused, never read as 25 (cpse.numbers)."""

from decimal import Decimal

import pytest
from django.utils import translation

from requirements_tracking.exam_review import services
from requirements_tracking.exam_review.forms import ScoreForm
from requirements_tracking.models import AnswerScore
from tests.requirements_tracking.exam_review.test_services import sat
from tests.typed_numbers import read_field

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "typed"), [("en", "2.5"), ("es", "2,5")])
def test_points_are_read_the_way_of_the_language(participant, instructor, language, typed):
    attempt, essay = sat(participant)
    with translation.override(language):
        score = services.answer_score_record(answer=essay, scorer=instructor, points=typed, comment="")
    assert score.points == Decimal("2.5")


@pytest.mark.parametrize(("language", "typed", "shown"), [("es", "2.5", "2,5"), ("en", "2,5", "2.5")])
def test_points_written_the_other_way_are_refused_with_how_to_write_them(
    participant, instructor, language, typed, shown
):
    attempt, essay = sat(participant)
    with translation.override(language), pytest.raises(services.ExamReviewError) as refused:
        services.answer_score_record(answer=essay, scorer=instructor, points=typed, comment="")
    assert refused.value.code == "bad_points"
    assert str(refused.value).endswith(f" {shown}.")
    assert not AnswerScore.objects.exists()


def test_the_score_form_says_its_steps_the_readers_way():
    with translation.override("es"):
        form = ScoreForm(most=Decimal("8"))
        assert "0,5" in str(form.fields["points"].help_text)
        field = str(form["points"])
    assert 'inputmode="decimal"' in field and 'type="text"' in field
    assert read_field(ScoreForm, "es", "points", "7,5", most=Decimal("8")).value == Decimal("7.5")
    assert read_field(ScoreForm, "es", "points", "7.5", most=Decimal("8")).codes == ["bad_points"]
