"""Helpers for the fee tests: participants with their fee due, pledges, invoices, and
the words of a rendered PDF."""

import datetime
import io

from pypdf import PdfReader

from sponsors.models import Sponsorship
from sponsors.money.selectors import participant_balance
from sponsors.money.services import payment_correct, payment_record
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


def correct(payment, by, **changes):
    """Correct `payment`: what it was, changed by `changes` (a reason given unless changed)."""
    fields = {
        "amount_cents": payment.amount_cents,
        "method": payment.method,
        "reference": payment.reference,
        "received_on": payment.received_on,
        "reason": "Typed the wrong amount",
    }
    return payment_correct(payment=payment, by=by, **{**fields, **changes})


def balance(participant):
    return participant_balance(participant)


def pdf_text(content: bytes) -> str:
    """The PDF's words, spaces collapsed."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
