"""Helpers for the fee tests: participants with their fee due, pledges, invoices."""

import datetime

from sponsors.models import Sponsorship
from sponsors.money.selectors import participant_balance
from sponsors.money.services import payment_record
from sponsors.sponsorships.services import sponsorship_create
from tests.factories import ParticipantFactory, SponsorFactory

FEE = 350_000


def fee_participant(cohort, **kwargs):
    """A participant accepted into `cohort`: their fee is due (the cohort's fee)."""
    return ParticipantFactory(cohort=cohort, fee_due_cents=cohort.fee_cents, **kwargs)


def pledge(cohort, by, *, sponsor=None, scope=Sponsorship.Scope.PARTICIPANT, **kwargs) -> Sponsorship:
    return sponsorship_create(sponsor=sponsor or SponsorFactory(), cohort=cohort, scope=scope, by=by, **kwargs)


def pay(invoice, cents, by, *, on=None):
    return payment_record(
        invoice=invoice,
        amount_cents=cents,
        method="check",
        reference="1001",
        received_on=on or datetime.date.today(),
        by=by,
    )


def balance(participant):
    return participant_balance(participant)
