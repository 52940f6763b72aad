"""What invoices and receipts print: how to pay and the tax id as set (left out when
empty), the sponsor's PO number and note, and on a receipt the balance still owed."""

import pytest

from sponsors.money import rendering, services
from tests.sponsors.money.factories import FEE, pay, pdf_text, pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def pay_settings(settings):
    settings.PROGRAM_PAYMENT_INSTRUCTIONS = "Please quote the invoice number."
    settings.PAYMENT_BANK_INSTRUCTIONS = "First Community Bank, routing 011000015, account 12345678"
    settings.PAYMENT_CHECK_INSTRUCTIONS = "Payable to CPSE Program, PO Box 12, Springfield"
    settings.PAYMENT_CARD_INSTRUCTIONS = "Call 555-0100 to pay by card"
    settings.PROGRAM_TAX_ID = "12-3456789"
    return settings


def test_an_invoice_says_how_to_pay_and_prints_the_po_number_and_note(cohort, person, finance, pay_settings):
    sponsorship = pledge(cohort, finance, participant=person)
    invoice = services.invoice_create_for_sponsorship(
        sponsorship=sponsorship, po_number=" PO-4471 ", memo="For the spring places.", by=finance
    )
    text = pdf_text(rendering.invoice_pdf_bytes(invoice))
    for words in (
        "How to pay",
        "Please quote the invoice number.",
        "By bank transfer First Community Bank, routing 011000015, account 12345678",
        "By check Payable to CPSE Program, PO Box 12, Springfield",
        "By card Call 555-0100 to pay by card",
        "Our tax ID",
        "12-3456789",
        "Your PO number",
        "PO-4471",
        "For the spring places.",
    ):
        assert words in text, words
    receipt = pdf_text(rendering.receipt_pdf_bytes(pay(invoice, 100_000, finance)))
    assert all(words in receipt for words in ("Our tax ID", "12-3456789", "Your PO number", "PO-4471"))
    assert f"Still owed on invoice {invoice.number}" in receipt and "$2,500.00" in receipt


def test_empty_settings_leave_their_parts_out(person, finance, settings):
    settings.PROGRAM_PAYMENT_INSTRUCTIONS = ""
    settings.PAYMENT_BANK_INSTRUCTIONS = settings.PAYMENT_CHECK_INSTRUCTIONS = settings.PAYMENT_CARD_INSTRUCTIONS = ""
    settings.PROGRAM_TAX_ID = ""
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    text = pdf_text(rendering.invoice_pdf_bytes(invoice))
    assert str(FEE // 100) in text.replace(",", "")
    for words in ("How to pay", "By bank", "By check", "By card", "tax ID", "PO number", "Note"):
        assert words not in text, words


def test_only_the_ways_to_pay_that_are_set_are_printed(person, finance, settings):
    settings.PAYMENT_BANK_INSTRUCTIONS = ""
    settings.PAYMENT_CHECK_INSTRUCTIONS = "Payable to CPSE Program"
    settings.PAYMENT_CARD_INSTRUCTIONS = ""
    text = pdf_text(
        rendering.invoice_pdf_bytes(services.invoice_create_for_participant(participant=person, by=finance))
    )
    assert "By check Payable to CPSE Program" in text
    assert "By bank" not in text and "By card" not in text
