"""Supervision minutes are whole numbers typed as digits: "1.000" is never read as 1 and
"45,5" never as 455 (cpse.numbers.WholeNumberField)."""

import re

import pytest

from checkins.supervision.forms import ContractForm, SessionForm
from tests.typed_numbers import read_field


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("typed", "value"), [("45", 45), (" 60 ", 60), ("1.000", None), ("45,5", None), ("45.5", None)]
)
def test_minutes_are_digits_only(language, typed, value):
    read = read_field(SessionForm, language, "minutes", typed)
    assert read.value == value
    if value is None:
        assert read.codes == ["invalid"]


def test_the_contracts_usual_length_is_read_the_same_way():
    assert read_field(ContractForm, "es", "session_minutes", "60").value == 60
    assert read_field(ContractForm, "es", "session_minutes", "1.5").codes == ["invalid"]


def test_minutes_inputs_have_a_number_keypad():
    for field in (str(SessionForm()["minutes"]), str(ContractForm()["session_minutes"])):
        tag = re.search(r"<input[^>]*>", field).group(0)
        assert 'type="text"' in tag and 'inputmode="numeric"' in tag
