import datetime
from decimal import Decimal

import pytest

from cohorts.models import Requirement
from requirements_tracking.hours import services

# Inside the 2026 cohort's program (1 April to 31 August 2026, tests/factories.py).
TODAY = datetime.date(2026, 5, 10)
REFLECTION = "Walked by the river and noticed my breathing slow down"


def self_care(participant) -> Requirement:
    return participant.cohort.requirement_set.requirements.get(category=Requirement.Category.SELF_CARE)


@pytest.fixture
def log(participant):
    """Log hours for `participant` (or another), today being TODAY unless given."""

    def log(hours="1", *, date=TODAY, who=None, today=TODAY, kind="journaling", reflection=REFLECTION):
        who = who or participant
        return services.hour_entry_submit(
            participant=who,
            requirement=self_care(who),
            date=date,
            hours=Decimal(hours),
            kind=kind,
            reflection=reflection,
            today=today,
        )

    return log
