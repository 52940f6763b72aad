"""Continuing-education hours are typed the way of the reader's language (cpse.numbers)."""

from decimal import Decimal

import pytest
from django.utils import translation

from certificates.renewal.forms import CredentialRenewalForm, RenewalForm
from tests.typed_numbers import read_field


@pytest.mark.parametrize(("language", "typed"), [("en", "12.5"), ("es", "12,5")])
def test_hours_are_read_the_way_of_the_language(language, typed):
    read = read_field(RenewalForm, language, "hours", typed)
    assert (read.codes, read.value) == ([], Decimal("12.5"))


@pytest.mark.parametrize(("language", "typed", "shown"), [("es", "12.5", "12,5"), ("en", "12,5", "12.5")])
def test_hours_written_the_other_way_are_refused(language, typed, shown):
    read = read_field(RenewalForm, language, "hours", typed)
    assert read.codes == ["other_way"] and read.message.endswith(f" {shown}.")


def test_the_settings_read_months_as_digits_and_show_their_limits_the_readers_way():
    assert read_field(CredentialRenewalForm, "es", "validity_months", "24").value == 24
    assert read_field(CredentialRenewalForm, "es", "validity_months", "2.4").codes == ["invalid"]
    with translation.override("es"):
        form = CredentialRenewalForm()
        assert "0,25" in str(form.fields["renewal_hours"].help_text)
        assert 'inputmode="decimal"' in str(form["renewal_hours"])
        assert 'inputmode="numeric"' in str(form["validity_months"])
