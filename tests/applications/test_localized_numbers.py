"""The year a person left exploitation and an interview's length are digits only, on a
number keypad (cpse.numbers): "2.019" is never read as 2."""

import pytest

from applications.forms import EligibilityStepForm
from applications.staff.forms import InterviewSlotForm
from tests.typed_numbers import read_field


@pytest.mark.parametrize(("typed", "codes"), [("2019", []), ("2.019", ["invalid"]), ("2019,0", ["invalid"])])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_exit_year_is_digits_only(language, typed, codes):
    assert read_field(EligibilityStepForm, language, "exit_year", typed).codes == codes


def test_the_exit_year_has_a_number_keypad():
    field = str(EligibilityStepForm()["exit_year"])
    assert 'type="text"' in field and 'inputmode="numeric"' in field


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "codes"), [("45", []), ("1.000", ["invalid"]), ("300", ["max_value"])])
def test_an_interviews_length_is_digits_only(typed, codes):
    assert read_field(InterviewSlotForm, "es", "duration_minutes", typed).codes == codes
