"""A question's points are typed the way of the reader's language (cpse.numbers), and the
exam's whole numbers are digits only."""

from decimal import Decimal

import pytest

from requirements_tracking.exam_bank.forms import ExamForm, QuestionForm
from tests.typed_numbers import read_field

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "typed"), [("en", "2.5"), ("es", "2,5"), ("es", "100")])
def test_points_are_read_the_way_of_the_language(language, typed):
    read = read_field(QuestionForm, language, "points", typed)
    assert read.codes == []
    assert read.value == Decimal(typed.replace(",", "."))


@pytest.mark.parametrize(("language", "typed", "shown"), [("es", "2.5", "2,5"), ("en", "2,5", "2.5")])
def test_points_written_the_other_way_are_refused(language, typed, shown):
    read = read_field(QuestionForm, language, "points", typed)
    assert read.codes == ["other_way"]
    assert read.message.endswith(f" {shown}.")


def test_the_points_limits_are_written_the_readers_way():
    read = read_field(QuestionForm, "es", "points", "0,25")
    assert read.codes == ["min_value"]
    assert "0,5" in read.message and "2,5" in read.message


@pytest.mark.parametrize(("typed", "codes"), [("90", []), ("1.000", ["invalid"]), ("90,5", ["invalid"])])
def test_the_time_limit_is_digits_only(typed, codes):
    assert read_field(ExamForm, "es", "time_limit_minutes", typed).codes == codes
