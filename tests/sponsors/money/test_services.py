"""Balances, invoices, payments and reductions: the one computation, exact in cents."""

import datetime

import pytest
from django.utils import timezone

from sponsors.consent.services import consent_set
from sponsors.models import FeeReduction, Invoice, Payment, SeatRelease, Sponsorship
from sponsors.money import selectors, services
from sponsors.money.services import MoneyError
from sponsors.sponsorships.services import (
    seat_assign,
    seat_release,
)
from tests.factories import SponsorFactory
from tests.sponsors.money.factories import FEE, balance, fee_participant, pay, pledge

pytestmark = pytest.mark.django_db
Scope = Sponsorship.Scope


def test_dollars_are_exact():
    assert services.dollars(350_000) == "$3,500.00"
    assert services.dollars(116_667) == "$1,166.67"
    assert services.dollars(-5) == "-$0.05"
    assert services.dollars(0) == "$0.00"


def test_unsponsored_participant_owes_the_whole_fee(person):
    b = balance(person)
    assert (b.fee, b.sponsored, b.reduced, b.own_share, b.still_to_pay) == (FEE, 0, 0, FEE, FEE)
    assert (b.outstanding, b.to_invoice) == (0, FEE)  # nothing invoiced yet


def test_single_sponsorship_covers_the_fee(person, cohort, program_staff):
    pledge(cohort, program_staff, participant=person)
    b = balance(person)
    assert (b.sponsored, b.own_share, b.to_invoice) == (FEE, 0, 0)
    with pytest.raises(MoneyError) as error:
        services.invoice_create_for_participant(participant=person, by=program_staff)
    assert error.value.code == "nothing"


def test_partial_and_multiple_sponsors_with_odd_cents(person, cohort, program_staff):
    third = FEE // 3  # 116_666
    pledge(cohort, program_staff, participant=person, amount_per_participant_cents=third)
    pledge(cohort, program_staff, participant=person, amount_per_participant_cents=third)
    b = balance(person)
    assert b.sponsored == 233_332 and b.own_share == 116_668
    assert b.sponsored + b.own_share == FEE
    with pytest.raises(MoneyError) as error:
        pledge(cohort, program_staff, participant=person, amount_per_participant_cents=third + 3)
    assert error.value.code == "over_fee" and "$1,166.68" in str(error.value)
    pledge(cohort, program_staff, participant=person, amount_per_participant_cents=116_668)
    assert balance(person).own_share == 0


def test_reduction_cannot_exceed_the_own_share(person, cohort, program_staff):
    pledge(cohort, program_staff, participant=person, amount_per_participant_cents=FEE // 2)
    with pytest.raises(MoneyError):
        services.fee_reduction_grant(
            participant=person, kind="scholarship", amount_cents=FEE // 2 + 1, reason="", by=program_staff
        )
    services.fee_reduction_grant(
        participant=person, kind="sliding_scale", amount_cents=50_000, reason="Income", by=program_staff
    )
    b = balance(person)
    assert (b.sponsored, b.reduced, b.own_share) == (175_000, 50_000, 125_000)
    assert FeeReduction.objects.get().reason == "Income"


def test_invoice_numbers_are_sequential_per_year_and_void_keeps_its_number(cohort, program_staff, finance):
    people = [fee_participant(cohort) for _ in range(3)]
    first = services.invoice_create_for_participant(participant=people[0], by=finance)
    services.invoice_void(invoice=first, reason="Wrong amount", by=finance)
    second = services.invoice_create_for_participant(participant=people[0], by=finance)
    year = timezone.localdate().year
    next_year = datetime.date(year + 1, 1, 2)  # whatever today is, another year's series
    third = services.invoice_create_for_participant(participant=people[1], by=finance, today=next_year)
    assert [first.number, second.number] == [f"{year}-0001", f"{year}-0002"]
    assert third.number == f"{year + 1}-0001"
    assert second.due_on == second.issued_on + datetime.timedelta(days=30)
    with pytest.raises(MoneyError):
        services.invoice_void(invoice=first, reason="again", by=finance)


def test_partial_payments_and_overpayment_refused(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    first = pay(invoice, 100_001, finance)
    pay(invoice, 99_999, finance)
    amounts = selectors.invoice_amounts(invoice)
    assert (amounts.paid_cents, amounts.outstanding_cents) == (200_000, 150_000)
    assert first.receipt_number.startswith("R-") and first.receipt_number.endswith("-0001")
    with pytest.raises(MoneyError) as error:
        pay(invoice, 150_001, finance)
    assert error.value.code == "overpayment" and "$1,500.00" in str(error.value)
    with pytest.raises(MoneyError) as error:
        pay(invoice, 10, finance, on=timezone.localdate() + datetime.timedelta(days=1))
    assert error.value.code == "received_on"
    assert balance(person).outstanding == 150_000
    with pytest.raises(MoneyError) as error:
        services.invoice_void(invoice=invoice, reason="x", by=finance)
    assert error.value.code == "has_payments"


def test_withdrawal_reassign_keeps_the_money_on_the_invoice(cohort, program_staff, finance):
    leaving, joining = fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, participant=leaving)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    leaving.status = "withdrawn"
    leaving.save()
    assert list(selectors.seats_awaiting_release()) == [sponsorship.seat_rows.get()]
    release = seat_release(
        sponsorship=sponsorship, participant=leaving, outcome="reassigned", new_participant=joining, by=program_staff
    )
    assert release.new_seat.participant == joining
    assert balance(joining).sponsored == FEE and balance(leaving).sponsored == 0
    assert list(selectors.seats_awaiting_release()) == []
    # The new place is paid by what was invoiced already.
    with pytest.raises(MoneyError):
        services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    assert selectors.invoice_amounts(invoice).outstanding_cents == FEE


def test_withdrawal_refund_after_payment(cohort, program_staff, finance):
    a, b = fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, scope=Scope.SEATS, seats=2, amount_per_participant_cents=100_000)
    for p in (a, b):
        seat_assign(sponsorship=sponsorship, participant=p, by=program_staff)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    pay(invoice, 200_000, finance)
    a.status = "withdrawn"
    a.save()
    release = seat_release(sponsorship=sponsorship, participant=a, outcome="refunded", by=finance)
    assert release.outcome == SeatRelease.Outcome.REFUNDED
    assert release.refund.amount_cents == -100_000 and release.refund.receipt_number.startswith("R-")
    amounts = selectors.invoice_amounts(invoice)
    assert (amounts.due_cents, amounts.paid_cents, amounts.outstanding_cents) == (100_000, 100_000, 0)
    assert Payment.objects.count() == 2


def test_withdrawal_refund_before_payment_only_credits(cohort, program_staff, finance):
    a = fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, participant=a)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    a.status = "withdrawn"
    a.save()
    release = seat_release(sponsorship=sponsorship, participant=a, outcome="refunded", by=finance)
    assert release.refund is None
    assert selectors.invoice_amounts(invoice).outstanding_cents == 0


def test_overview_and_cohort_totals(cohort, program_staff, finance):
    sponsor = SponsorFactory()
    a, b = fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, sponsor=sponsor, participant=a, amount_per_participant_cents=FEE // 3)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    pay(invoice, 50_000, finance)
    own = services.invoice_create_for_participant(participant=b, by=finance)
    overview = selectors.outstanding_overview(today=own.due_on + datetime.timedelta(days=1))
    assert [i.pk for i in overview["overdue"]] == [invoice.pk, own.pk]
    ((row_sponsor, totals),) = overview["sponsors"]
    assert row_sponsor == sponsor and (totals.invoiced, totals.paid, totals.outstanding) == (116_666, 50_000, 66_666)
    rows = selectors.cohort_fee_rows(cohort)
    totals = selectors.cohort_totals(cohort, rows)
    assert totals["fee"] == 2 * FEE
    assert totals["sponsored"] + totals["reduced"] + totals["own_share"] == 2 * FEE
    money = totals["money"]
    assert (money.invoiced, money.paid, money.outstanding) == (116_666 + FEE, 50_000, 66_666 + FEE)
    assert (money.not_invoiced_places, money.not_invoiced_shares) == (0, FEE - 116_666)  # a's own share
    assert Invoice.objects.filter(cohort=cohort).count() == 2


def test_typed_dollars_become_exact_cents():
    from decimal import Decimal

    from django.template import Context, Template

    from sponsors.money.forms import PaymentForm, cents

    assert cents(Decimal("1166.67")) == 116_667
    assert cents(Decimal("0.1") + Decimal("0.2")) == 30
    form = PaymentForm({"amount": "1166.675", "method": "check", "received_on": "2026-05-01"})
    assert not form.is_valid() and "amount" in form.errors
    assert Template("{% load money %}{{ v|money }}").render(Context({"v": 350_000 // 3})) == "$1,166.66"
    # Three thirds of the fee, as cents, add up to the fee exactly.
    thirds = [FEE // 3, FEE // 3, FEE - 2 * (FEE // 3)]
    assert sum(thirds) == FEE and thirds[-1] == 116_668


def test_after_a_withdrawal_nothing_more_is_asked_than_was_invoiced(cohort, program_staff, finance):
    gone, joining, unbilled = fee_participant(cohort), fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, participant=gone, amount_per_participant_cents=FEE - 50_000)
    own = services.invoice_create_for_participant(participant=gone, by=finance)
    pay(own, 10_000, finance)
    for person in (gone, unbilled):
        person.status = "withdrawn"
        person.save()
    seat_release(
        sponsorship=sponsorship, participant=gone, outcome="reassigned", new_participant=joining, by=program_staff
    )
    b = balance(gone)
    assert (b.sponsored, b.own_share, b.outstanding, b.to_invoice) == (0, 50_000, 40_000, 0)
    assert (balance(unbilled).own_share, balance(unbilled).outstanding) == (0, 0)


def test_a_credited_invoice_pdf_is_rendered_again(cohort, program_staff, finance):
    from sponsors.money import rendering

    a = fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, participant=a)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    assert rendering.invoice_pdf(invoice).name
    a.status = "withdrawn"
    a.save()
    seat_release(sponsorship=sponsorship, participant=a, outcome="refunded", by=finance)
    invoice.refresh_from_db()
    assert not invoice.pdf
    assert rendering.invoice_pdf_bytes(invoice).startswith(b"%PDF-")


def test_a_pledge_for_one_person_names_them_on_the_invoice_only_if_they_chose_it(cohort, program_staff):
    sponsor = SponsorFactory()
    quiet = fee_participant(cohort, user__display_name="Quiet Person")
    named = fee_participant(cohort, user__display_name="Named Person")
    consent_set(participant=named, sponsor=sponsor, choices={"name": True}, by=named.user)
    # Named to another sponsor only: not named to this one.
    consent_set(participant=quiet, sponsor=SponsorFactory(), choices={"name": True}, by=quiet.user)
    lines = {}
    for person in (quiet, named):
        sponsorship = pledge(cohort, program_staff, sponsor=sponsor, participant=person)
        invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=program_staff)
        lines[person.pk] = invoice.lines.get().description
    assert lines == {
        quiet.pk: "Program fee, 2026 cohort: a participant",
        named.pk: "Program fee, 2026 cohort: Named Person",
    }
