"""A mentor's hourly rate and meeting minutes are typed the way of the reader's language
(cpse.numbers): "25,50" on the Spanish pages, "25.50" on the English ones."""

import re

import pytest
from django.urls import reverse

from mentorship.forms import MeetingForm, MentorEditForm
from mentorship.models import Mentor
from tests.typed_numbers import read_field

pytestmark = pytest.mark.django_db
EDIT = {"background": "graduate"}


@pytest.mark.parametrize(
    ("language", "typed", "cents"),
    [("en", "25.50", 2550), ("en", "$1,000", 100000), ("es", "25,50", 2550), ("es", "$25", 2500)],
)
def test_the_hourly_rate_is_read_the_way_of_the_language(language, typed, cents):
    read = read_field(MentorEditForm, language, "hourly_rate", typed, EDIT)
    assert (read.codes, read.value) == ([], cents)


@pytest.mark.parametrize(("language", "typed", "shown"), [("es", "25.50", "25,50"), ("en", "25,5", "25.50")])
def test_a_rate_written_the_other_way_is_refused(language, typed, shown):
    read = read_field(MentorEditForm, language, "hourly_rate", typed, EDIT)
    assert read.codes == ["other_way"] and read.message.endswith(f" {shown}.")


@pytest.mark.parametrize(("typed", "codes"), [("45", []), ("1.000", ["invalid"]), ("45,5", ["invalid"])])
def test_meeting_minutes_are_whole_numbers(typed, codes):
    assert read_field(MeetingForm, "es", "minutes", typed).codes == codes


def test_the_rate_is_shown_and_saved_in_spanish_on_the_mentors_page(client, program_staff, mentor, mentee):
    record = Mentor.objects.get(user=mentor)
    record.hourly_rate_cents = 2750
    record.save(update_fields=["hourly_rate_cents"])
    client.force_login(program_staff)
    url = reverse("mentorship:staff_detail", args=[record.public_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").text
    field = re.search(r'<input[^>]*name="hourly_rate"[^>]*>', page).group(0)
    assert 'value="27,50"' in field and 'inputmode="decimal"' in field
    client.post(url, {**EDIT, "hourly_rate": "30,25", "active": "on"}, HTTP_ACCEPT_LANGUAGE="es")
    record.refresh_from_db()
    assert record.hourly_rate_cents == 3025
