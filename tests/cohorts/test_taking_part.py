"""One definition of "taking part" (enrolled or on leave): `Participant.TAKING_PART`, and
logging hours, the cohort grid and the readiness questions all follow it."""

import datetime
from decimal import Decimal

import pytest

from cohorts.models import Participant, Requirement
from requirements_tracking.hours.rules import HourEntryError, entry_check
from requirements_tracking.progress import cohort_grid
from requirements_tracking.readiness.services import ReadinessError, readiness_self_save

PS = Participant.Status
# Inside the 2026 cohort's program (1 April to 31 August), after its intensive week.
TODAY = datetime.date(2026, 7, 1)


def test_taking_part_is_exactly_enrolled_and_on_leave():
    assert Participant.TAKING_PART == (PS.ENROLLED, PS.ON_LEAVE)
    for status in PS.values:
        assert Participant(status=status).taking_part is (status in ("enrolled", "on_leave"))


def _can_log_hours(participant) -> bool:
    self_care = participant.cohort.requirement_set.requirements.get(category=Requirement.Category.SELF_CARE)
    try:
        entry_check(
            participant=participant,
            requirement=self_care,
            date=datetime.date(2026, 5, 4),
            hours=Decimal("1"),
            today=TODAY,
        )
    except HourEntryError as error:
        assert error.code == "not_active"
        return False
    return True


def _flagged_behind_on_the_grid(participant) -> bool:
    # The intensive is expected in full once its week is over: nobody here logged it.
    (row,) = cohort_grid(participant.cohort, today=TODAY).rows
    return any(cell.overdue for cell in row.cells)


def _asked_readiness_questions(participant) -> bool:
    try:
        readiness_self_save(participant=participant, answers={"settled": {"choice": "mostly"}}, submit=False)
    except ReadinessError as error:
        assert error.code == "not_in_program"
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("status", PS.values)
def test_hours_the_grid_and_readiness_agree_with_taking_part(participant, status):
    Participant.objects.filter(pk=participant.pk).update(status=status)
    participant.refresh_from_db()
    expected = status in Participant.TAKING_PART
    assert participant.taking_part is expected
    assert _can_log_hours(participant) is expected
    assert _flagged_behind_on_the_grid(participant) is expected
    assert _asked_readiness_questions(participant) is expected
