"""Amounts of money are typed and shown the way of the reader's language: "1,750.50" in
English, "1.750,50" in Spanish; the other way is refused, never read as another amount."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from sponsors.money.forms import PaymentForm, ReductionForm, SponsorshipForm, cents
from sponsors.templatetags.money import money
from tests.typed_numbers import read_field


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "amount"),
    [
        ("en", "1750.50", Decimal("1750.50")),
        ("en", "1,750.50", Decimal("1750.50")),
        ("en", "$1,750.50", Decimal("1750.50")),
        ("en", "250", Decimal("250")),
        ("es", "1750,50", Decimal("1750.50")),
        ("es", "1.750,50", Decimal("1750.50")),
        ("es", "$1.750,50", Decimal("1750.50")),
        ("es", "1 750,50", Decimal("1750.50")),
        ("es", "250", Decimal("250")),
    ],
)
@pytest.mark.parametrize("form_class", [PaymentForm, ReductionForm])
def test_an_amount_is_read_the_way_of_the_language(form_class, language, typed, amount):
    read = read_field(form_class, language, "amount", typed)
    assert read.codes == []
    assert read.value == amount
    assert cents(read.value) == int(amount * 100)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("es", "1,750.50", "1750,50"),
        ("es", "1750.50", "1750,50"),
        ("es", "17.5", "17,50"),
        ("en", "1.750,50", "1750.50"),
        ("en", "17,5", "17.50"),
    ],
)
def test_an_amount_written_the_other_way_is_refused_with_how_to_write_it(language, typed, shown):
    read = read_field(PaymentForm, language, "amount", typed)
    assert read.codes == ["other_way"]
    assert read.message.endswith(f" {shown}.")


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["diez", "1,75,0", "$", "1.750.50", "0"])
def test_what_is_not_an_amount_gets_a_clear_message_with_an_example_the_readers_way(typed):
    read = read_field(PaymentForm, "es", "amount", typed)
    assert read.value is None and read.codes
    if read.codes == ["invalid"]:
        assert "1750,00" in read.message


@pytest.mark.django_db
def test_places_are_digits_only():
    assert read_field(SponsorshipForm, "es", "seats", "3").value == 3
    assert read_field(SponsorshipForm, "es", "seats", "1.000").codes == ["invalid"]
    assert read_field(SponsorshipForm, "en", "seats", "2,5").codes == ["invalid"]


@pytest.mark.django_db
def test_the_amount_input_is_text_with_a_decimal_keypad():
    field = re.search(r"<input[^>]*>", str(PaymentForm()["amount"])).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_money_is_shown_the_readers_way():
    with translation.override("en"):
        assert money(175050) == "$1,750.50"
    with translation.override("es"):
        assert money(175050) == "$1\u00a0750,50"
