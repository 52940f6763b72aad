"""Invoice and receipt PDFs (WeasyPrint, static files only: `cpse.pdf`).

Rendered on first download and stored privately (a simple invoice takes a fraction of
a second, so no worker round trip is needed); served only through permission-checked
views. Cancelling an invoice clears its stored PDF, so the next one says "Cancelled".
The text is what the invoice holds (billed-to name and address frozen at issue), in the
participant's language for their own invoices and the site's language for sponsors.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from cpse.pdf import html_to_pdf
from sponsors.models import Invoice, Payment, Sponsorship
from sponsors.money import selectors

INVOICE_TEMPLATE = "sponsors/pdf/invoice.html"
RECEIPT_TEMPLATE = "sponsors/pdf/receipt.html"
STYLESHEETS = ["sponsors/invoice.css"]


def _language(invoice: Invoice) -> str:
    if invoice.participant_id:
        return invoice.participant.user.preferred_language or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def printed_lines(invoice: Invoice) -> list[dict]:
    return grouped_lines(invoice.lines.select_related("seat__sponsorship").order_by("pk"))


def grouped_lines(lines) -> list[dict]:
    """Lines as printed (an invoice's, or a draft's in the preview): places of the same
    amount are one line (count and amount, no names); a pledge for one named participant
    is its own line, as issued (named only if they chose it:
    `money_services.seat_line_description`)."""
    rows: dict[tuple, dict] = {}
    for number, line in enumerate(lines):
        places = line.seat is not None and line.seat.sponsorship.scope != Sponsorship.Scope.PARTICIPANT
        key = (line.description, line.amount_cents) if places else ("line", number)
        row = rows.setdefault(key, {"description": line.description, "count": 0, "unit": line.amount_cents})
        row["count"] += 1
        row["amount"] = row["count"] * row["unit"]
    return list(rows.values())


def how_to_pay() -> dict:
    """How to pay and the tax id, as set (an empty setting leaves its part out)."""
    return {
        "general": settings.PROGRAM_PAYMENT_INSTRUCTIONS,
        "bank": settings.PAYMENT_BANK_INSTRUCTIONS,
        "check": settings.PAYMENT_CHECK_INSTRUCTIONS,
        "card": settings.PAYMENT_CARD_INSTRUCTIONS,
    }


def _render(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        context = {
            "program_name": settings.PROGRAM_NAME,
            "organisation": settings.PROGRAM_ORGANISATION,
            "contact_email": settings.PROGRAM_CONTACT_EMAIL,
            "tax_id": settings.PROGRAM_TAX_ID,
            "LANGUAGE_CODE": translation.get_language(),
            **context,
        }
        return html_to_pdf(render_to_string(template, context), stylesheets=STYLESHEETS)


def invoice_pdf_bytes(invoice: Invoice) -> bytes:
    credited = sum(invoice.lines.values_list("credited_cents", flat=True))
    return _render(
        INVOICE_TEMPLATE,
        {
            "invoice": invoice,
            "lines": printed_lines(invoice),
            "credited": credited,
            "due": invoice.total_cents - credited,
            "how_to_pay": how_to_pay(),
        },
        _language(invoice),
    )


def receipt_pdf_bytes(payment: Payment) -> bytes:
    return _render(
        RECEIPT_TEMPLATE,
        {
            "payment": payment,
            "invoice": payment.invoice,
            "amount": abs(payment.amount_cents),
            "still_owed": None if payment.reversed_at else selectors.receipt_balance(payment),
        },
        _language(payment.invoice),
    )


def invoice_pdf(invoice: Invoice):
    """The stored PDF (rendered now if not yet)."""
    if not invoice.pdf:
        invoice.pdf.save(f"invoice-{invoice.number}.pdf", ContentFile(invoice_pdf_bytes(invoice)), save=False)
        Invoice.objects.filter(pk=invoice.pk).update(pdf=invoice.pdf.name)
    return invoice.pdf


def receipt_pdf(payment: Payment):
    if not payment.receipt_pdf:
        payment.receipt_pdf.save(
            f"receipt-{payment.receipt_number}.pdf", ContentFile(receipt_pdf_bytes(payment)), save=False
        )
        Payment.objects.filter(pk=payment.pk).update(receipt_pdf=payment.receipt_pdf.name)
    return payment.receipt_pdf
