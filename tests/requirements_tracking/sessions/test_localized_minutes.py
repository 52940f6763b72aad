"""Session lengths and attendance minutes are whole numbers typed as digits, on a number
keypad, whatever the language: "1.000" is never read as 1 (cpse.numbers)."""

import re

import pytest

from requirements_tracking.models import Attendance, TrainingSession
from tests.requirements_tracking.sessions.test_services import local, schedule
from tests.requirements_tracking.sessions.test_views import NEW, attendance_url, form, sheet

pytestmark = pytest.mark.django_db
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(local(2026, 5, 20, 12))


def minutes_errors(response, participant) -> list[str]:
    return [
        error.code for error in response.context["form"].errors.as_data().get(f"minutes_{participant.public_id}", [])
    ]


@pytest.mark.parametrize("typed", ["1.000", "45,5", "45.5", "cuarenta"])
def test_attendance_minutes_that_are_not_digits_are_refused(client, cohort, participant, program_staff, typed):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    client.force_login(program_staff)
    response = client.post(attendance_url(session), sheet({participant: ("partial", typed)}), **SPANISH)
    assert minutes_errors(response, participant) == ["invalid"]
    assert f'value="{typed}"' in response.text
    assert not Attendance.objects.exists()


def test_attendance_minutes_in_digits_are_saved(client, cohort, participant, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    client.force_login(program_staff)
    client.post(attendance_url(session), sheet({participant: ("partial", "45")}), **SPANISH)
    assert Attendance.objects.get().minutes == 45


def test_the_minutes_inputs_are_text_with_a_number_keypad(client, cohort, participant, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    client.force_login(program_staff)
    page = client.get(attendance_url(session)).text
    tag = re.search(rf'<input[^>]*name="minutes_{participant.public_id}"[^>]*>', page).group(0)
    assert 'type="text"' in tag and 'inputmode="numeric"' in tag
    tag = re.search(r'<input[^>]*name="duration_minutes"[^>]*>', client.get(NEW).text).group(0)
    assert 'type="text"' in tag and 'inputmode="numeric"' in tag


def test_a_length_written_with_a_separator_is_refused(client, cohort, program_staff):
    client.force_login(program_staff)
    response = client.post(NEW, form(cohort, duration_minutes="1.000"), **SPANISH)
    assert [error.code for error in response.context["form"].errors.as_data()["duration_minutes"]] == ["invalid"]
    assert not TrainingSession.objects.exists()
