"""Reads about who a sponsor pays for."""

from django.db.models import QuerySet

from cohorts.models import Participant
from sponsors.models import Sponsor, Sponsorship


def sponsored_participants(sponsor: Sponsor) -> QuerySet[Participant]:
    """The people a sponsor pays for now: a current seat (given to someone, not ended) on
    one of its active sponsorships."""
    return (
        Participant.objects.filter(
            sponsor_seats__sponsorship__sponsor=sponsor,
            sponsor_seats__sponsorship__status=Sponsorship.Status.ACTIVE,
            sponsor_seats__ended_on__isnull=True,
        )
        .select_related("user", "cohort")
        .distinct()
    )
