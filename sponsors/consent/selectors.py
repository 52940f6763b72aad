"""Reads for the participant's consent page: the sponsors paying for them now, each with
the current choice.

Rules chosen here: only sponsors on an active sponsorship with a seat not ended are offered; a
sponsor that stopped paying drops off the page (its last choice stays on record).
"""

from dataclasses import dataclass

from cohorts.models import Participant
from sponsors.models import Consent, Sponsor, Sponsorship
from sponsors.models.sponsorships import SponsorshipSeat


@dataclass(frozen=True)
class ConsentRow:
    sponsor: Sponsor
    consent: Consent | None

    def shares(self, name: str) -> bool:
        return bool(self.consent and getattr(self.consent, name))


def consent_rows_for_participant(participant: Participant) -> list[ConsentRow]:
    """Each sponsor paying for the participant now, with their current choice."""
    sponsors = list(
        Sponsor.objects.filter(
            pk__in=SponsorshipSeat.objects.filter(
                participant=participant, ended_on__isnull=True, sponsorship__status=Sponsorship.Status.ACTIVE
            ).values("sponsorship__sponsor_id")
        ).order_by("name")
    )
    consents = {c.sponsor_id: c for c in Consent.objects.filter(participant=participant, sponsor__in=sponsors)}
    return [ConsentRow(sponsor=s, consent=consents.get(s.pk)) for s in sponsors]


def paying_sponsor_for_participant(*, participant: Participant, public_id) -> Sponsor | None:
    return Sponsor.objects.filter(
        public_id=public_id,
        sponsorships__status=Sponsorship.Status.ACTIVE,
        sponsorships__seat_rows__participant=participant,
        sponsorships__seat_rows__ended_on__isnull=True,
    ).first()
