"""Demo fees for the pilot cohort: a hosting agency pays for one named participant (paid),
a foundation pledges three half-fee places (two given, invoiced, partly paid), one
participant has a sliding-scale reduction and an invoice for her own share with a first
payment. Through the sponsors services; safe to run again (skipped once pledges exist)."""

from django.utils import timezone

from accounts.models import Role, User
from cohorts.models import Cohort, Participant
from sponsors.models import Sponsor, Sponsorship
from sponsors.money.services import (
    fee_reduction_grant,
    invoice_create_for_participant,
    invoice_create_for_sponsorship,
    payment_record,
)
from sponsors.sponsorships.services import seat_assign, sponsorship_create


def seed_demo_money(*, cohort: Cohort) -> None:
    if Sponsorship.objects.filter(cohort=cohort).exists():
        return
    staff = User.objects.filter(groups__name=Role.PROGRAM_STAFF, is_active=True).order_by("pk").first()
    finance = User.objects.filter(groups__name=Role.FINANCE, is_active=True).order_by("pk").first()
    people = list(Participant.objects.filter(cohort=cohort, fee_due_cents__gt=0).order_by("enrolled_at", "pk"))
    agency = Sponsor.objects.filter(kind=Sponsor.Kind.AGENCY).order_by("pk").first()
    donor = Sponsor.objects.filter(kind=Sponsor.Kind.DONOR).order_by("pk").first()
    if len(people) < 4 or agency is None or donor is None:
        return
    today = timezone.localdate()
    named = sponsorship_create(
        sponsor=agency, cohort=cohort, scope=Sponsorship.Scope.PARTICIPANT, participant=people[0], by=staff
    )
    places = sponsorship_create(
        sponsor=donor,
        cohort=cohort,
        scope=Sponsorship.Scope.SEATS,
        seats=3,
        amount_per_participant_cents=cohort.fee_cents // 2,
        by=staff,
    )
    for person in people[1:3]:
        seat_assign(sponsorship=places, participant=person, by=staff)
    invoice = invoice_create_for_sponsorship(sponsorship=named, by=finance)
    payment_record(
        invoice=invoice,
        amount_cents=invoice.total_cents,
        method="transfer",
        reference="Demo transfer",
        received_on=today,
        by=finance,
    )
    invoice = invoice_create_for_sponsorship(sponsorship=places, by=finance)
    payment_record(
        invoice=invoice,
        amount_cents=invoice.total_cents // 2,
        method="check",
        reference="1001",
        received_on=today,
        by=finance,
    )
    fee_reduction_grant(
        participant=people[3], kind="sliding_scale", amount_cents=150_000, reason="Demo: household income", by=staff
    )
    own = invoice_create_for_participant(participant=people[3], by=finance)
    payment_record(
        invoice=own, amount_cents=25_000, method="card", reference="Demo card", received_on=today, by=finance
    )
