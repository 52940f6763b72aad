"""A payment entered wrongly is corrected or reversed: the reason is kept in the change
history, a new receipt is issued for a correction, balances follow, and nothing can be
reversed twice (a second submit is refused under the lock)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sponsors.models import Invoice, Payment, SeatRelease, Sponsorship
from sponsors.money import rendering, selectors, services
from sponsors.money.services import MoneyError
from sponsors.sponsorships.services import seat_release
from tests.certificates.pdf_support import private_media  # noqa: F401
from tests.sponsors.money.factories import FEE, balance, correct, pay, pdf_text, pledge

pytestmark = pytest.mark.django_db


def _refused(code, service, **kwargs):
    with pytest.raises(MoneyError) as error:
        service(**kwargs)
    assert error.value.code == code
    return error.value


def _history(payment) -> list[dict]:
    content_type = ContentType.objects.get_for_model(Payment)
    return [e.changes_dict for e in LogEntry.objects.filter(content_type=content_type, object_pk=str(payment.pk))]


def test_a_reversed_payment_stops_counting_and_keeps_its_reason(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    payment = pay(invoice, 100_000, finance)
    assert balance(person).paid == 100_000
    _refused("reason", services.payment_reverse, payment=payment, reason="  ", by=finance)

    services.payment_reverse(payment=payment, reason="The check bounced", by=finance)

    payment.refresh_from_db()
    assert payment.reversed_at and payment.reversed_by == finance and payment.reversal_reason == "The check bounced"
    assert selectors.invoice_amounts(invoice).outstanding_cents == FEE
    assert (balance(person).paid, balance(person).outstanding, balance(person).still_to_pay) == (0, FEE, FEE)
    assert any("reversal_reason" in changes for changes in _history(payment))
    assert Payment.objects.count() == 1  # kept on the books


def test_nothing_is_reversed_twice(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    payment = pay(invoice, 100_000, finance)
    services.payment_reverse(payment=payment, reason="Entered twice", by=finance)
    # The same form sent again (a double click), or a correction of what is gone.
    _refused("already_reversed", services.payment_reverse, payment=payment, reason="Entered twice", by=finance)
    _refused("already_reversed", correct, payment=payment, by=finance, amount_cents=50_000)
    assert Payment.objects.count() == 1 and len(_history(payment)) == 2  # created, reversed


def test_acorrection_reissues_the_receipt_and_updates_the_balance(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    wrong = pay(invoice, 100_000, finance)

    right = correct(wrong, finance, amount_cents=10_000, method="transfer", reference="T-9")

    wrong.refresh_from_db()
    assert wrong.replaced_by == right and wrong.reversal_reason == "Typed the wrong amount"
    assert right.receipt_number != wrong.receipt_number and right.reversed_at is None
    assert (right.amount_cents, right.method, right.reference) == (10_000, "transfer", "T-9")
    assert selectors.invoice_amounts(invoice).outstanding_cents == FEE - 10_000
    assert balance(person).paid == 10_000
    # Sent twice: the second is refused and no second new payment appears.
    _refused("already_reversed", correct, payment=wrong, by=finance, amount_cents=10_000)
    assert Payment.objects.count() == 2


def test_acorrection_may_take_what_the_wrong_payment_held_and_no_more(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    pay(invoice, FEE - 100_000, finance)
    wrong = pay(invoice, 100_000, finance)  # the invoice is paid in full
    _refused("overpayment", correct, payment=wrong, by=finance, amount_cents=100_001)
    _refused("reason", correct, payment=wrong, by=finance, reason="")
    assert Payment.objects.count() == 2 and Payment.objects.filter(reversed_at__isnull=False).count() == 0
    correct(wrong, finance, amount_cents=100_000, reference="CHK 1002")
    assert selectors.invoice_amounts(invoice).outstanding_cents == 0


def test_a_refund_is_not_reversed_here(cohort, person, finance):
    sponsorship = pledge(cohort, finance, participant=person)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    pay(invoice, FEE, finance)
    person.status = "withdrawn"
    person.save()
    release = seat_release(
        sponsorship=sponsorship, participant=person, outcome=SeatRelease.Outcome.REFUNDED, by=finance
    )
    _refused("refund", services.payment_reverse, payment=release.refund, reason="No", by=finance)


def test_an_invoice_can_be_cancelled_once_its_payments_are_reversed(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    payment = pay(invoice, 100_000, finance)
    _refused("has_payments", services.invoice_void, invoice=invoice, reason="Issued twice", by=finance)
    services.payment_reverse(payment=payment, reason="Recorded on the wrong invoice", by=finance)
    services.invoice_void(invoice=invoice, reason="Issued twice", by=finance)
    assert Invoice.objects.get().status == Invoice.Status.VOID
    assert balance(person).to_invoice == FEE  # invoiced anew


def test_a_pledge_with_a_reversed_payment_follows_the_same_rule(cohort, person, finance):
    sponsorship = pledge(cohort, finance, participant=person, amount_per_participant_cents=FEE // 2)
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    services.payment_reverse(payment=pay(invoice, 1_000, finance), reason="Wrong sponsor", by=finance)
    services.invoice_void(invoice=invoice, reason="Wrong amounts", by=finance)
    assert selectors.sponsorship_not_invoiced(sponsorship) == FEE // 2
    assert Sponsorship.objects.get().status == Sponsorship.Status.ACTIVE


@pytest.mark.usefixtures("private_media")
def test_receipts_are_rendered_again_with_what_is_still_owed(person, finance):
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    first, wrong = pay(invoice, 100_000, finance), pay(invoice, 50_000, finance)
    assert "Still owed on invoice" in pdf_text(rendering.receipt_pdf_bytes(wrong))
    assert "$2,000.00" in pdf_text(rendering.receipt_pdf_bytes(wrong))  # 3,500 − 1,000 − 500
    rendering.receipt_pdf(first)
    assert Payment.objects.get(pk=first.pk).receipt_pdf

    right = correct(wrong, finance, amount_cents=5_000)

    assert not Payment.objects.get(pk=first.pk).receipt_pdf  # rendered again on the next download
    old = pdf_text(rendering.receipt_pdf_bytes(Payment.objects.get(pk=wrong.pk)))
    assert f"corrected by receipt {right.receipt_number}" in old and "Still owed" not in old
    new = pdf_text(rendering.receipt_pdf_bytes(right))
    assert "$50.00" in new and "$2,450.00" in new  # 3,500 − 1,000 − 50
    services.payment_reverse(payment=first, reason="Never received", by=finance)
    assert "Reversed: this payment was entered wrongly" in pdf_text(
        rendering.receipt_pdf_bytes(Payment.objects.get(pk=first.pk))
    )
