"""Typed numbers are read the way of the active language, refused rather than guessed when
written the other way, and written back in the same format (cpse.numbers)."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cpse.numbers import (
    DecimalNumberField,
    MoneyField,
    NumberNotRead,
    WholeNumberField,
    dollars,
    numbers_in,
    parse_number,
    plain_number,
)


def read(language, text, **kwargs):
    with translation.override(language):
        return parse_number(text, **kwargs)


def meant(language, text, **kwargs):
    """The number a refused text would be in the other language's way (None: not a number)."""
    with translation.override(language), pytest.raises(NumberNotRead) as refusal:
        parse_number(text, **kwargs)
    return refusal.value.meant


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("en", "1.5", Decimal("1.5")),
        ("en", "1", Decimal("1")),
        ("en", ".5", Decimal("0.5")),
        ("en", " 12.25 ", Decimal("12.25")),
        ("en", "-2", Decimal("-2")),
        ("es", "1,5", Decimal("1.5")),
        ("es", "12,25", Decimal("12.25")),
        ("es", "7", Decimal("7")),
    ],
)
def test_numbers_are_read_the_way_of_the_language(language, text, number):
    assert read(language, text) == number


@pytest.mark.parametrize(
    ("language", "text", "other_way"),
    [
        ("es", "1.5", Decimal("1.5")),
        ("es", "1.500", Decimal("1.5")),  # never 1500 hours, never 1,5 without asking
        ("en", "1,5", Decimal("1.5")),  # never 15
        ("en", "1,500", Decimal("1.5")),
    ],
)
def test_a_number_written_the_other_way_is_refused_and_says_what_it_would_be(language, text, other_way):
    assert meant(language, text) == other_way


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,,5", "5.", "1e3", "NaN", "Infinity", "½", "١٢", "$5", "1 5"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_what_is_not_a_number_is_refused(language, text):
    assert meant(language, text) is None


@pytest.mark.parametrize(
    ("language", "text", "amount"),
    [
        ("en", "1,750.50", Decimal("1750.50")),
        ("en", "$1,750.50", Decimal("1750.50")),
        ("en", "1750.5", Decimal("1750.5")),
        ("en", "1,000,000", Decimal("1000000")),
        ("en", "1.750", Decimal("1.750")),  # the English reading
        ("es", "1.750,50", Decimal("1750.50")),
        ("es", "$1.750,50", Decimal("1750.50")),
        ("es", "1 750,50", Decimal("1750.50")),
        ("es", "1\u00a0750,50", Decimal("1750.50")),  # as Spanish pages show it
        ("es", "1750,50", Decimal("1750.50")),
        ("es", "1.750", Decimal("1750")),  # the Spanish reading
    ],
)
def test_money_may_group_thousands_the_languages_way(language, text, amount):
    assert read(language, text, grouping=True, currency=True) == amount


@pytest.mark.parametrize(
    ("language", "text", "other_way"),
    [
        ("es", "1,750.50", Decimal("1750.50")),
        ("es", "1750.50", Decimal("1750.50")),
        ("es", "17.5", Decimal("17.5")),
        ("en", "1.750,50", Decimal("1750.50")),
        ("en", "$1.750,50", Decimal("1750.50")),
        ("en", "17,5", Decimal("17.5")),
    ],
)
def test_money_written_the_other_way_is_refused(language, text, other_way):
    assert meant(language, text, grouping=True, currency=True) == other_way


@pytest.mark.parametrize("text", ["1,75,0.50", "12,50,000", "1,7500"])
def test_badly_grouped_money_is_refused(text):
    with translation.override("en"), pytest.raises(NumberNotRead):
        parse_number(text, grouping=True, currency=True)


def test_hours_and_points_never_group_thousands():
    assert meant("en", "1,000") == Decimal("1")
    assert meant("es", "1.000") == Decimal("1")


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_a_number_shown_reads_back_as_the_same_number(number):
    for language in ("en", "es"):
        with translation.override(language):
            assert parse_number(plain_number(number)) == number
            assert parse_number(dollars(int(number * 100)), grouping=True, currency=True) == number


def test_money_is_shown_the_languages_way():
    with translation.override("en"):
        assert dollars(350050) == "$3,500.50"
        assert dollars(-5) == "-$0.05"
    with translation.override("es"):
        assert dollars(350050) == "$3\u00a0500,50"


def test_plain_numbers_have_as_few_decimals_as_they_need():
    with translation.override("es"):
        assert [plain_number(Decimal(v)) for v in ("10.00", "2.50", "0.25", "1E+1")] == ["10", "2,5", "0,25", "10"]


def test_messages_fill_their_numbers_in_the_language_they_are_read_in():
    message = numbers_in("for example %(example)s", example=Decimal("1750.50"))
    with translation.override("en"):
        assert str(message) == "for example 1750.50"
    with translation.override("es"):
        assert str(message) == "for example 1750,50"


class NumbersForm(forms.Form):
    hours = DecimalNumberField(max_digits=5, decimal_places=2, required=False)
    amount = MoneyField(required=False)
    minutes = WholeNumberField(required=False)


def cleaned(language, **data):
    with translation.override(language):
        form = NumbersForm(data)
        form.is_valid()
        return form


def test_the_fields_read_the_active_language():
    form = cleaned("es", hours="1,5", amount="$1.750,50", minutes="45")
    assert form.cleaned_data == {"hours": Decimal("1.5"), "amount": Decimal("1750.50"), "minutes": 45}
    form = cleaned("en", hours="1.5", amount="1,750.50", minutes="45")
    assert form.cleaned_data == {"hours": Decimal("1.5"), "amount": Decimal("1750.50"), "minutes": 45}


def test_a_refusal_shows_the_number_the_way_to_write_it():
    form = cleaned("en", hours="1,5", amount="1.750,50")
    assert form.errors["hours"] == ["Please write the number like this: 1.5."]
    assert form.errors["amount"] == ["Please write the amount like this: 1750.50."]
    with translation.override("es"):
        form = NumbersForm({"hours": "1.5", "amount": "1,750.50"})
        assert [error.code for error in form.errors.as_data()["hours"]] == ["other_way"]
        assert form.errors["hours"][0].endswith(" 1,5.")
        assert form.errors["amount"][0].endswith(" 1750,50.")


@pytest.mark.parametrize("typed", ["1.000", "1,000", "45.5", "45,5", "4 5", "forty", "1" * 51, "٤٥"])
def test_whole_numbers_are_digits_only(typed):
    for language in ("en", "es"):
        assert "minutes" in cleaned(language, minutes=typed).errors


def test_inputs_are_text_with_a_number_keypad():
    with translation.override("es"):
        form = NumbersForm(initial={"hours": Decimal("1.50"), "amount": Decimal("1750.5"), "minutes": 45})
        hours, amount, minutes = str(form["hours"]), str(form["amount"]), str(form["minutes"])
    assert 'type="text"' in hours and 'inputmode="decimal"' in hours and 'value="1,5"' in hours
    assert 'type="text"' in amount and 'inputmode="decimal"' in amount and 'value="1750,50"' in amount
    assert 'type="text"' in minutes and 'inputmode="numeric"' in minutes and 'value="45"' in minutes


def test_what_was_typed_comes_back_as_typed():
    with translation.override("es"):
        form = NumbersForm({"hours": "1.5", "amount": "diez", "minutes": "1,5"})
        assert not form.is_valid()
        assert 'value="1.5"' in str(form["hours"])
        assert 'value="diez"' in str(form["amount"])
        assert 'value="1,5"' in str(form["minutes"])
