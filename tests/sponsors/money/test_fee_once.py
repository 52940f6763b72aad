"""Every fee is collected once: a sponsor or a reduction that takes over a share already
invoiced to the participant credits that invoice in the same transaction; nothing covers
more than the fee less what the participant paid; and random sequences of pledges, seat
assignments, reductions, invoices, cancellations and payments never bill more than the
fee per person."""

import contextlib
import datetime
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sponsors.models import Invoice, InvoiceLine, Sponsorship
from sponsors.money import selectors, services
from sponsors.money.rendering import invoice_pdf_bytes
from sponsors.money.services import MoneyError
from sponsors.sponsorships.services import seat_assign
from tests.factories import SponsorFactory
from tests.sponsors.money.factories import FEE, fee_participant, pay, pledge

pytestmark = pytest.mark.django_db
Scope = Sponsorship.Scope
TODAY = datetime.date(2026, 5, 10)


def billed_for(participant) -> int:
    """What every issued invoice bills for this person, credits taken off: their own
    invoices and the sponsors' lines for them."""
    lines = InvoiceLine.objects.filter(participant=participant, invoice__status=Invoice.Status.ISSUED)
    return sum(line.amount_cents - line.credited_cents for line in lines)


def own_invoice(person, by) -> Invoice:
    return services.invoice_create_for_participant(participant=person, by=by, today=TODAY)


def test_a_sponsor_taking_over_an_invoiced_share_credits_the_participants_invoice(person, cohort, program_staff):
    invoice = own_invoice(person, program_staff)
    sponsorship = pledge(cohort, program_staff, participant=person)
    sponsor_invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=program_staff, today=TODAY)
    assert sponsor_invoice.total_cents == FEE
    amounts = selectors.invoice_amounts(invoice)
    assert (amounts.credited_cents, amounts.outstanding_cents) == (FEE, 0)
    assert billed_for(person) == FEE
    balance = selectors.participant_balance(person)
    assert (balance.own_share, balance.invoiced, balance.outstanding, balance.to_invoice) == (0, 0, 0, 0)


def test_the_participant_is_no_longer_reminded_of_an_invoice_a_sponsor_took_over(person, cohort, program_staff):
    invoice = own_invoice(person, program_staff)
    overdue = invoice.due_on + datetime.timedelta(days=7)
    assert invoice in selectors.invoices_due_for_reminders(overdue)
    pledge(cohort, program_staff, participant=person)
    assert invoice not in selectors.invoices_due_for_reminders(overdue)


def test_what_the_participant_paid_is_never_covered_twice(person, cohort, program_staff):
    invoice = own_invoice(person, program_staff)
    pay(invoice, 100_000, program_staff, on=TODAY)
    with pytest.raises(MoneyError) as error:
        pledge(cohort, program_staff, participant=person)
    assert error.value.code == "over_fee" and "$2,500.00" in str(error.value)
    assert selectors.invoice_amounts(invoice).credited_cents == 0  # nothing half-done
    sponsorship = pledge(cohort, program_staff, participant=person, amount_per_participant_cents=250_000)
    amounts = selectors.invoice_amounts(invoice)
    assert (amounts.credited_cents, amounts.paid_cents, amounts.outstanding_cents) == (250_000, 100_000, 0)
    services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=program_staff, today=TODAY)
    assert billed_for(person) == FEE


def test_a_reduction_after_the_invoice_credits_it(person, program_staff):
    invoice = own_invoice(person, program_staff)
    services.fee_reduction_grant(participant=person, kind="scholarship", amount_cents=50_000, by=program_staff)
    assert selectors.invoice_amounts(invoice).outstanding_cents == FEE - 50_000
    assert billed_for(person) == FEE - 50_000


def test_a_place_given_after_the_invoice_credits_it(person, cohort, program_staff):
    invoice = own_invoice(person, program_staff)
    places = pledge(cohort, program_staff, scope=Scope.SEATS, seats=2, amount_per_participant_cents=200_000)
    seat_assign(sponsorship=places, participant=person, by=program_staff)
    assert selectors.invoice_amounts(invoice).outstanding_cents == FEE - 200_000


def test_a_whole_cohort_pledge_credits_each_invoiced_share_and_takes_only_what_is_left(person, cohort, program_staff):
    invoice = own_invoice(person, program_staff)
    pay(invoice, 50_000, program_staff, on=TODAY)
    sponsorship = pledge(cohort, program_staff, scope=Scope.COHORT)
    assert person.sponsor_seats.get().amount_cents == FEE - 50_000
    assert selectors.invoice_amounts(invoice).outstanding_cents == 0
    services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=program_staff, today=TODAY)
    assert billed_for(person) == FEE


def test_the_credit_shows_on_the_participants_invoice_pdf(person, cohort, program_staff):
    invoice = own_invoice(person, program_staff)
    pledge(cohort, program_staff, participant=person, amount_per_participant_cents=100_000)
    pdf = PdfReader(io.BytesIO(invoice_pdf_bytes(invoice)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Credited (now covered by a sponsor or a reduction) -$1,000.00" in text
    assert "Total after credit $2,500.00" in text


# --- Property: random sequences never bill more than the fee per person --------------------------

operation = st.one_of(
    st.tuples(st.just("pledge"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("places"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("cohort"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("reduce"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("invoice_own"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("invoice_sponsor"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("pay"), st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("void"), st.integers(0, 1), st.integers(1, 4)),
)


def apply(op, people, cohort, by) -> None:
    kind, who, quarters = op
    person = people[who]
    amount = FEE * quarters // 4
    if kind == "pledge":
        pledge(cohort, by, participant=person, amount_per_participant_cents=amount)
    elif kind == "places":
        places = pledge(cohort, by, scope=Scope.SEATS, seats=1, amount_per_participant_cents=amount)
        seat_assign(sponsorship=places, participant=person, by=by)
    elif kind == "cohort":
        pledge(cohort, by, scope=Scope.COHORT, amount_per_participant_cents=amount)
    elif kind == "reduce":
        services.fee_reduction_grant(participant=person, kind="scholarship", amount_cents=amount // 10, by=by)
    elif kind == "invoice_own":
        services.invoice_create_for_participant(participant=person, by=by, today=TODAY)
    elif kind == "invoice_sponsor":
        for sponsorship in Sponsorship.objects.filter(status=Sponsorship.Status.ACTIVE):
            with contextlib.suppress(MoneyError):
                services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=by, today=TODAY)
    else:
        invoice = selectors.invoices_with_amounts(Invoice.objects.filter(status=Invoice.Status.ISSUED)).last()
        if invoice is None:
            return
        if kind == "pay" and invoice.outstanding_cents > 0:
            pay(invoice, max(invoice.outstanding_cents * quarters // 4, 1), by, on=TODAY)
        elif kind == "void":
            services.invoice_void(invoice=invoice, reason="A mistake", by=by)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=10))
def test_random_money_never_bills_more_than_the_fee_per_person(cohort, program_staff, operations):
    with transaction.atomic():
        people = [fee_participant(cohort), fee_participant(cohort)]
        SponsorFactory()
        for op in operations:
            try:
                with transaction.atomic():
                    apply(op, people, cohort, program_staff)
            except MoneyError:
                pass
            for person in people:
                assert billed_for(person) <= FEE, (op, person)
                balance = selectors.participant_balance(person)
                assert balance.sponsored + balance.reduced + max(balance.paid, 0) <= FEE
            for invoice in selectors.invoices_with_amounts(Invoice.objects.all()):
                assert invoice.paid_cents <= invoice.total_cents - invoice.credited_cents
        transaction.set_rollback(True)
