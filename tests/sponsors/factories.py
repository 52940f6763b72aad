import factory
from django.utils import timezone

from sponsors.models import Consent, SponsorLead, Sponsorship, SponsorshipSeat
from sponsors.models.consent import SHAREABLE
from tests.factories import CohortFactory, SponsorFactory


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsorship

    sponsor = factory.SubFactory(SponsorFactory)
    cohort = factory.SubFactory(CohortFactory)
    scope = Sponsorship.Scope.PARTICIPANT
    amount_per_participant_cents = 250_000
    # A date of the cohort's, not today: a pledge made the same way at any moment.
    pledged_on = factory.LazyAttribute(lambda o: o.cohort.applications_open)


class SponsorshipSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorshipSeat

    sponsorship = factory.SubFactory(SponsorshipFactory)
    amount_cents = 250_000
    assigned_at = factory.LazyFunction(timezone.now)


class SponsorLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorLead

    name = factory.Sequence(lambda n: f"Lead person {n}")
    organisation = factory.Sequence(lambda n: f"Lead organisation {n}")
    kind = "donor"
    email = factory.Sequence(lambda n: f"lead{n}@donor.example.org")
    interest = SponsorLead.Interest.ONE_SURVIVOR


def sponsor_participant(sponsor, participant, *, shares=(), scope=Sponsorship.Scope.PARTICIPANT) -> SponsorshipSeat:
    """`sponsor` pays for `participant` now (an active sponsorship, a current seat), and the
    participant shares `shares` (names from SHAREABLE) with it."""
    sponsorship = Sponsorship.objects.filter(sponsor=sponsor, cohort=participant.cohort, scope=scope).first()
    if sponsorship is None:
        sponsorship = SponsorshipFactory(
            sponsor=sponsor, cohort=participant.cohort, scope=scope, seats=5 if scope == "seats" else None
        )
    seat = SponsorshipSeatFactory(sponsorship=sponsorship, participant=participant)
    if shares:
        Consent.objects.update_or_create(
            participant=participant, sponsor=sponsor, defaults={name: name in shares for name in SHAREABLE}
        )
    return seat
