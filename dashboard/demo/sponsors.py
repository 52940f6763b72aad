"""Demo consent for the 2025 pilot: what sponsored participants share with the sponsors
paying for them. Safe to run again.

Sponsorships and invoices come from `demo_money` (run it first: it skips a cohort that
already has sponsorships). Without it, this module pledges a few places itself so the
portal has something to show: the hosting agency pays for two named participants, the
foundation for the whole cohort."""

from django.utils import timezone

from cohorts.models import Cohort, Participant
from sponsors.consent import services
from sponsors.models import Sponsor, Sponsorship, SponsorshipSeat

# In each sponsor's list of people (oldest seat first): what the first, second and third
# share; everyone else shares nothing (the default), not even their name.
SHARES = [
    {"name", "progress_percentages", "requirement_completion"},
    set(),
    {"progress_percentages", "certificate_status"},
]


def _pledge_pilot_places(pilot: Cohort) -> None:
    agency = Sponsor.objects.filter(kind=Sponsor.Kind.AGENCY).order_by("pk").first()
    donor = Sponsor.objects.filter(kind=Sponsor.Kind.DONOR).order_by("pk").first()
    people = list(Participant.objects.filter(cohort=pilot).order_by("enrolled_at", "pk"))
    if agency is None or donor is None or len(people) < 2:
        return
    now, fee = timezone.now(), pilot.fee_cents
    for person in people[:2]:
        named = Sponsorship.objects.create(
            sponsor=agency, cohort=pilot, scope=Sponsorship.Scope.PARTICIPANT, amount_per_participant_cents=fee
        )
        SponsorshipSeat.objects.create(sponsorship=named, participant=person, amount_cents=fee, assigned_at=now)
    whole = Sponsorship.objects.create(
        sponsor=donor, cohort=pilot, scope=Sponsorship.Scope.COHORT, amount_per_participant_cents=fee // 2
    )
    SponsorshipSeat.objects.bulk_create(
        SponsorshipSeat(sponsorship=whole, participant=person, amount_cents=fee // 2, assigned_at=now)
        for person in people
    )


def seed_demo_sponsors() -> None:
    pilot = Cohort.objects.filter(year=2025).first()
    if pilot is None:
        return
    if not Sponsorship.objects.filter(cohort=pilot).exists():
        _pledge_pilot_places(pilot)
    seats = (
        SponsorshipSeat.objects.filter(
            sponsorship__cohort=pilot,
            sponsorship__status=Sponsorship.Status.ACTIVE,
            participant__isnull=False,
            ended_on__isnull=True,
        )
        .select_related("sponsorship__sponsor", "participant__user")
        .order_by("sponsorship__sponsor_id", "pk")
    )
    people_by_sponsor: dict[Sponsor, list[Participant]] = {}
    for seat in seats:
        people = people_by_sponsor.setdefault(seat.sponsorship.sponsor, [])
        if seat.participant not in people:
            people.append(seat.participant)
    for sponsor, people in people_by_sponsor.items():
        for participant, shares in zip(people, SHARES, strict=False):
            services.consent_set(
                participant=participant,
                sponsor=sponsor,
                choices={field: field in shares for field in services.SHAREABLE},
                by=participant.user,
            )
