"""Factories for the check-ins app (shared by the placement and check-in tests: add new
ones at the end)."""

import datetime

import factory

from checkins.models import CheckIn, Placement
from tests.factories import ParticipantFactory


class PlacementFactory(factory.django.DjangoModelFactory):
    """A row only: use `placement_record` when the check-in schedule matters (or call
    `schedule_sync` after)."""

    class Meta:
        model = Placement

    participant = factory.SubFactory(ParticipantFactory)
    agency = factory.Sequence(lambda n: f"Harbor Light Agency {n}")
    role = Placement.Role.RESIDENTIAL_CARE
    terms = Placement.Terms.PAID
    start_date = datetime.date(2026, 11, 1)
    supervisor_name = "Sam Supervisor"
    supervisor_email = "sam@agency.example.org"


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn
        django_get_or_create = ["participant", "number"]

    participant = factory.SubFactory(ParticipantFactory)
    number = 1
    due_on = datetime.date(2026, 12, 1)
