"""Demo sponsorships for the 2025 pilot, and what the pilot participants share. Safe to
run again. Invoices for these sponsorships come from `demo_money`."""

from django.utils import timezone

from cohorts.models import Cohort, Participant
from sponsors import services
from sponsors.models import Sponsor, Sponsorship, SponsorshipSeat

# Harbor Light pays for two named participants; Northwind for the whole pilot cohort.
NAMED = {"Harbor Light Residential Services": ["participant", "bianca"]}
WHOLE_COHORT = "Northwind Community Foundation"
# (participant's email local part, sponsor, what they share)
SHARES = [
    ("participant", "Harbor Light Residential Services", {"progress_percentages", "requirement_completion"}),
    ("participant", WHOLE_COHORT, {"progress_percentages"}),
    ("carmen", WHOLE_COHORT, {"certificate_status"}),
    ("dana", WHOLE_COHORT, {"progress_percentages", "requirement_completion", "certificate_status"}),
]


def _seat(sponsorship: Sponsorship, participant: Participant, amount: int) -> None:
    if not SponsorshipSeat.objects.filter(sponsorship=sponsorship, participant=participant, ended_on=None).exists():
        SponsorshipSeat.objects.create(
            sponsorship=sponsorship, participant=participant, amount_cents=amount, assigned_at=timezone.now()
        )


def seed_demo_sponsors() -> None:
    pilot = Cohort.objects.filter(year=2025).first()
    if pilot is None:
        return
    sponsors = {s.name: s for s in Sponsor.objects.filter(name__in=[*NAMED, WHOLE_COHORT])}
    people = {p.user.email.split("@")[0]: p for p in Participant.objects.filter(cohort=pilot).select_related("user")}
    fee = pilot.fee_cents or 350_000
    for name, locals_ in NAMED.items():
        if name not in sponsors:
            continue
        for local in locals_:
            if local not in people:
                continue
            sponsorship = Sponsorship.objects.filter(
                sponsor=sponsors[name],
                cohort=pilot,
                scope=Sponsorship.Scope.PARTICIPANT,
                seat_rows__participant=people[local],
            ).first() or Sponsorship.objects.create(
                sponsor=sponsors[name],
                cohort=pilot,
                scope=Sponsorship.Scope.PARTICIPANT,
                amount_per_participant_cents=fee,
            )
            _seat(sponsorship, people[local], fee)
    if WHOLE_COHORT in sponsors:
        sponsorship, _ = Sponsorship.objects.get_or_create(
            sponsor=sponsors[WHOLE_COHORT],
            cohort=pilot,
            scope=Sponsorship.Scope.COHORT,
            defaults={"amount_per_participant_cents": fee // 2},
        )
        for participant in people.values():
            _seat(sponsorship, participant, fee // 2)
    for local, name, shares in SHARES:
        if local in people and name in sponsors:
            services.consent_set(
                participant=people[local],
                sponsor=sponsors[name],
                choices={field: field in shares for field in services.SHAREABLE},
                by=people[local].user,
            )
