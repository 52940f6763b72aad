"""Shared by the sponsors tests: a participant who owes the program fee."""

import pytest

from tests.sponsors.money.factories import fee_participant


@pytest.fixture
def person(cohort):
    return fee_participant(cohort)
