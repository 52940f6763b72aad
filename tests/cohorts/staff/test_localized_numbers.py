"""The cohort's fee and a requirement set's amounts are typed the way of the reader's
language (cpse.numbers), and shown back the same way."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts.forms import CohortForm, RequirementSetForm
from cohorts.models import Requirement
from tests.typed_numbers import read_field

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "typed", "fee"),
    [("en", "3,500.50", Decimal("3500.50")), ("es", "3.500,50", Decimal("3500.50")), ("es", "0", Decimal("0"))],
)
def test_the_fee_is_read_the_way_of_the_language(language, typed, fee):
    read = read_field(CohortForm, language, "fee", typed)
    assert (read.codes, read.value) == ([], fee)


def test_a_fee_written_the_other_way_is_refused():
    read = read_field(CohortForm, "es", "fee", "3500.50")
    assert read.codes == ["other_way"] and read.message.endswith(" 3500,50.")


def test_the_fee_is_shown_the_readers_way(client, program_staff, cohort):
    client.force_login(program_staff)
    page = client.get(reverse("cohorts_staff:cohort_edit", args=[cohort.pk]), HTTP_ACCEPT_LANGUAGE="es").text
    field = re.search(r'<input[^>]*name="fee"[^>]*>', page).group(0)
    assert 'value="3500,00"' in field and 'inputmode="decimal"' in field


def test_requirement_hours_are_read_the_way_of_the_language(cohort):
    requirement = cohort.requirement_set.requirements.filter(kind=Requirement.Kind.HOURS).first()
    name = f"amount_{requirement.pk}"
    kwargs = {"requirement_set": cohort.requirement_set}
    assert read_field(RequirementSetForm, "es", name, "12,5", **kwargs).value == Decimal("12.5")
    read = read_field(RequirementSetForm, "es", name, "12.5", **kwargs)
    assert read.codes == ["other_way"] and read.message.endswith(" 12,5.")
    read = read_field(RequirementSetForm, "es", name, "12,555", **kwargs)
    assert read.codes == ["max_decimal_places"] and "10,25" in read.message


@pytest.mark.parametrize(("typed", "codes"), [("2027", []), ("2.027", ["invalid"]), ("2027,0", ["invalid"])])
def test_the_year_is_digits_only(typed, codes):
    assert read_field(CohortForm, "es", "year", typed).codes == codes
