"""Hours are read and shown the way of the language the person reads the site in, and an
entry unusually large for one day is saved only once the person confirms the number."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from requirements_tracking.hours.rules import LARGE_ENTRY_HOURS, MAX_HOURS_A_DAY, is_large_entry
from requirements_tracking.models import HourEntry
from tests.requirements_tracking.conftest import REFLECTION

NEW = reverse("requirements_tracking:entry_create")
MINE = reverse("requirements_tracking:mine")
ENGLISH, SPANISH = {"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC))


def form(**overrides):
    return {"date": "2026-05-09", "hours": "1", "kind": "journaling", "reflection": REFLECTION, **overrides}


def hours_input(page: str) -> str:
    return re.search(r'<input[^>]*name="hours"[^>]*>', page).group(0)


def hours_errors(response) -> str:
    return " ".join(response.context["form"].errors.get("hours", []))


def hours_error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data().get("hours", [])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "saved"),
    [
        (ENGLISH, "1.5", Decimal("1.5")),
        (ENGLISH, "0.25", Decimal("0.25")),
        (ENGLISH, " 2 ", Decimal("2")),
        (SPANISH, "1,5", Decimal("1.5")),
        (SPANISH, "0,75", Decimal("0.75")),
        (SPANISH, "3", Decimal("3")),
    ],
)
def test_hours_are_read_the_way_of_the_persons_language(client, participant, language, typed, saved):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours=typed), **language)
    assert response.status_code == 302, response.context["form"].errors
    assert HourEntry.objects.get().hours == saved


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        (SPANISH, "1.5", "1,5"),  # never 15, never guessed
        (SPANISH, "1.500", "1,5"),
        (SPANISH, "2.25", "2,25"),
        (ENGLISH, "1,5", "1.5"),  # never 15
        (ENGLISH, "2,25", "2.25"),
    ],
)
def test_hours_written_the_other_languages_way_are_refused_with_how_to_write_them(
    client, participant, language, typed, shown
):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours=typed), **language)
    assert response.status_code == 200
    assert hours_error_codes(response) == ["other_way"]
    assert f"{shown}." in hours_errors(response)
    assert f'value="{typed}"' in hours_input(response.text)  # what was typed stays
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["one and a half", "1,5,0", "1.2.3", "1e3", "NaN", "½", "١"])
def test_what_is_not_a_number_of_hours_gets_a_clear_message(client, participant, typed):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours=typed), **SPANISH)
    assert response.status_code == 200
    assert hours_error_codes(response) == ["invalid"]
    assert "1,5." in hours_errors(response)  # the example, the Spanish way
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_the_hours_field_is_a_text_input_with_a_decimal_keypad(client, participant):
    client.force_login(participant.user)
    for language in (ENGLISH, SPANISH):
        field = hours_input(client.get(NEW, **language).text)
        assert 'type="text"' in field
        assert 'inputmode="decimal"' in field


@pytest.mark.django_db
def test_the_hint_and_messages_show_numbers_the_readers_way(client, participant):
    client.force_login(participant.user)
    assert "1, 1.25, 1.5" in client.get(NEW, **ENGLISH).text
    page = client.get(NEW, **SPANISH).text
    assert "1,25" in page and "1.25" not in page
    response = client.post(NEW, form(hours="1,1"), **SPANISH)
    assert "1,25" in hours_errors(response) and "1.25" not in hours_errors(response)


@pytest.mark.django_db
def test_an_entry_is_shown_back_in_the_readers_format(client, participant, log):
    client.force_login(participant.user)
    url = reverse("requirements_tracking:entry_edit", args=[log("1.75").public_id])
    assert 'value="1,75"' in hours_input(client.get(url, **SPANISH).text)
    assert 'value="1.75"' in hours_input(client.get(url, **ENGLISH).text)


# --- A large entry is confirmed first ------------------------------------------------------


def test_large_means_more_than_eight_hours_and_still_possible_in_a_day():
    assert not is_large_entry(LARGE_ENTRY_HOURS)
    assert not is_large_entry(Decimal("8"))
    assert is_large_entry(Decimal("8.25"))
    assert is_large_entry(MAX_HOURS_A_DAY)
    assert not is_large_entry(Decimal("24.25"))  # refused outright: a day has 24 hours


@pytest.mark.django_db
def test_a_large_entry_asks_to_confirm_and_keeps_what_was_typed(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours="15", reflection="A long day of rest"))
    assert response.status_code == 200
    assert not HourEntry.objects.exists()
    assert "That is a lot of hours for one day. Is 15 right?" in hours_errors(response)
    page = response.text
    assert 'value="15"' in hours_input(page)
    assert "A long day of rest" in page
    assert re.search(r'<button type="submit"[^>]*name="confirm_hours" value="15">\s*Yes, 15 hours is right', page)


@pytest.mark.django_db
def test_a_confirmed_large_entry_is_saved(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours="15", confirm_hours="15"))
    assert response.status_code == 302
    assert response["Location"] == MINE
    assert HourEntry.objects.get().hours == Decimal("15")


@pytest.mark.django_db
def test_a_large_entry_in_spanish_is_asked_about_and_confirmed_in_spanish_numbers(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours="10,5"), **SPANISH)
    assert hours_error_codes(response) == ["large_entry"]
    assert "10,5" in hours_errors(response)
    assert 'name="confirm_hours" value="10,5"' in response.text
    assert client.post(NEW, form(hours="10,5", confirm_hours="10,5"), **SPANISH).status_code == 302
    assert HourEntry.objects.get().hours == Decimal("10.5")


@pytest.mark.django_db
def test_a_number_changed_after_confirming_is_asked_about_again(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours="16", confirm_hours="15"))
    assert "Is 16 right?" in hours_errors(response)
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_a_small_entry_is_never_asked_about(client, participant):
    client.force_login(participant.user)
    assert client.post(NEW, form(hours="8")).status_code == 302
    assert HourEntry.objects.get().hours == Decimal("8")


@pytest.mark.django_db
def test_an_impossible_day_is_refused_not_asked_about(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(hours="25", confirm_hours="25"))
    assert "24 hours at most" in hours_errors(response)
    assert "lot of hours" not in hours_errors(response)
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_changing_another_part_of_a_large_entry_asks_nothing(client, participant, log):
    entry = log("10")
    client.force_login(participant.user)
    url = reverse("requirements_tracking:entry_edit", args=[entry.public_id])
    response = client.post(url, form(hours="10", reflection="Rested all day after a hard week"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.reflection == "Rested all day after a hard week"


@pytest.mark.django_db
def test_changing_an_entry_to_a_large_number_asks_first(client, participant, log):
    entry = log("2")
    client.force_login(participant.user)
    url = reverse("requirements_tracking:entry_edit", args=[entry.public_id])
    assert "Is 12 right?" in hours_errors(client.post(url, form(hours="12")))
    entry.refresh_from_db()
    assert entry.hours == Decimal("2")
    assert client.post(url, form(hours="12", confirm_hours="12")).status_code == 302
    entry.refresh_from_db()
    assert entry.hours == Decimal("12")
