"""Reads about sponsorships and their seats: whom a sponsor pays for, and the seats
staff still have to decide about."""

from django.db.models import QuerySet

from cohorts.models import Participant
from sponsors.models import Sponsorship


def sponsored_participants(sponsor) -> QuerySet[Participant]:
    """Distinct participants with a current seat (assigned, not ended) on an active
    sponsorship of `sponsor`."""
    return (
        Participant.objects.filter(
            sponsor_seats__sponsorship__sponsor=sponsor,
            sponsor_seats__sponsorship__status=Sponsorship.Status.ACTIVE,
            sponsor_seats__ended_on__isnull=True,
        )
        .select_related("user", "cohort")
        .distinct()
        .order_by("-cohort__year", "enrolled_at", "pk")
    )
