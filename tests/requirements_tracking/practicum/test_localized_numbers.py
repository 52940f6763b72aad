"""Practicum hours share the self-care form's number rules (requirements_tracking.hours):
read the way of the person's language, and a large entry confirmed before it is saved."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from requirements_tracking.models import HourEntry
from tests.requirements_tracking.practicum import test_services

WHAT_I_DID = test_services.WHAT_I_DID
practicum = test_services.practicum  # a shared fixture
LOG = reverse("practicum:log")
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC))


def form(**overrides):
    return {"date": "2026-05-09", "hours": "2", "reflection": WHAT_I_DID, **overrides}


def codes(response) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data().get("hours", [])]


@pytest.mark.django_db
def test_practicum_hours_are_read_in_spanish(client, participant, practicum):
    client.force_login(participant.user)
    assert client.post(LOG, form(hours="2,5"), **SPANISH).status_code == 302
    assert HourEntry.objects.get().hours == Decimal("2.5")


@pytest.mark.django_db
def test_practicum_hours_written_the_english_way_on_spanish_pages_are_refused(client, participant, practicum):
    client.force_login(participant.user)
    response = client.post(LOG, form(hours="2.5"), **SPANISH)
    assert codes(response) == ["other_way"]
    assert "2,5" in " ".join(response.context["form"].errors["hours"])
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_the_practicum_hours_field_has_a_decimal_keypad(client, participant, practicum):
    client.force_login(participant.user)
    field = re.search(r'<input[^>]*name="hours"[^>]*>', client.get(LOG).text).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field


@pytest.mark.django_db
def test_a_large_practicum_entry_is_confirmed_before_it_is_saved(client, participant, practicum):
    client.force_login(participant.user)
    response = client.post(LOG, form(hours="15", reflection="Covered the crisis line all day"))
    assert codes(response) == ["large_entry"]
    assert "Is 15 right?" in response.context["form"].errors["hours"][0]
    assert 'value="15"' in response.text and "Covered the crisis line all day" in response.text
    assert 'name="confirm_hours" value="15"' in response.text
    assert not HourEntry.objects.exists()
    response = client.post(LOG, form(hours="15", reflection="Covered the crisis line all day", confirm_hours="15"))
    assert response.status_code == 302
    assert HourEntry.objects.get().hours == Decimal("15")
