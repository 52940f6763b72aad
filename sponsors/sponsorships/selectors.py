"""Reads about sponsorships and their seats: whom a sponsor pays for, and the seats
staff still have to decide about."""

from django.db.models import Exists, OuterRef, QuerySet

from cohorts.models import Participant
from sponsors.models import Sponsorship, SponsorshipSeat


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


def seat_holder(*, sponsorship: Sponsorship, public_id) -> Participant | None:
    """The participant with this public id if they hold, or held, a place on the pledge
    (anyone else is None: the view's 404). One query."""
    return (
        Participant.objects.select_related("user", "cohort")
        .filter(
            Exists(SponsorshipSeat.objects.filter(sponsorship=sponsorship, participant=OuterRef("pk"))),
            public_id=public_id,
        )
        .first()
    )
