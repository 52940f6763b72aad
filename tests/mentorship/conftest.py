"""Shared by the mentorship tests: a mentor's pairing with a life behind it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkins.models import Concern
from mentorship.models import Mentorship
from requirements_tracking.models import HourEntry
from tests.checkins.factories import CheckInFactory, PlacementFactory


@pytest.fixture
def mentee(mentor, participant):
    """The `mentor` persona's pairing with `participant`, with a life behind it: a
    placement, an hour entry with a reflection, a check-in with answers, a concern, a
    legal name and a safe-contact note."""
    user = participant.user
    user.legal_name, user.phone, user.safe_contact_note = "Cora Legal-Surname", "555-0101", "Only call after six"
    user.save()
    PlacementFactory(participant=participant, agency="Harbor Light Agency")
    requirement = participant.cohort.requirement_set.requirements.get(category="self_care")
    HourEntry.objects.create(
        participant=participant,
        requirement=requirement,
        date=datetime.date(2026, 5, 4),
        hours=Decimal(3),
        kind="other",
        status="approved",
        reflection="My private reflection",
    )
    checkin = CheckInFactory(
        participant=participant, work_going="How work goes: a private answer", submitted_at=timezone.now()
    )
    Concern.objects.create(participant=participant, checkin=checkin, reason=Concern.Reason.MISSED)
    return Mentorship.objects.get(participant=participant)
