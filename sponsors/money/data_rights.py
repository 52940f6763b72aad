"""What the fee records hold about a person: their fee reductions, the invoices billed to
them, the payments and refunds on those invoices, and which sponsors' places paid for them
(the amounts only: a donor may not wish to be named).

Rules chosen here: erasure keeps the program's books, which it must keep for years (tax
and audit; docs/security.md, "Invoices"): each invoice's number, dates, amounts, lines and
status, its payments' receipt numbers, dates, amounts and method, and the name it was
billed to. Everything else personal goes (`erase`): the reason for a reduction; on the
person's own invoices the address and the cancellation note, and on their payments the
reference and the reason for a reversal staff typed (free text that may name them); the note on the release of a place
that paid for them; and on a sponsor's invoice, a line naming them says "a participant"
(`seat_line_description`). The change history of those rows is emptied (it holds the old
words), and their stored PDFs are deleted once the erasure commits (the next download
renders them again from what is kept). The account itself is anonymised by `accounts`,
so nothing else links these rows to a person who asked to be forgotten. Rows that name a
staff member as author (`created_by`, `granted_by`, `recorded_by`) keep pointing at the
anonymised account.
"""

from cpse.audit.services import redact_change_history
from cpse.uploads import file_delete_on_commit
from sponsors.models import FeeReduction, Invoice, InvoiceLine, Payment, SeatRelease, Sponsorship, SponsorshipSeat
from sponsors.money.services import invoice_pdf_forget, seat_line_description

# For the data-rights registration (sponsors/apps.py, section "fees_and_invoices").
MODELS = (Sponsorship, SponsorshipSeat, FeeReduction, Invoice, InvoiceLine, Payment, SeatRelease)


def export(user) -> dict:
    invoices = (
        Invoice.objects.filter(participant__user=user)
        .prefetch_related("payments", "lines")
        .order_by("year", "sequence")
    )
    reductions = FeeReduction.objects.filter(participant__user=user).order_by("created_at")
    seats = SponsorshipSeat.objects.filter(participant__user=user).select_related("sponsorship__cohort").order_by("pk")
    return {
        "invoices": [
            {
                "number": invoice.number,
                "status": invoice.status,
                "billed_to": invoice.billed_to_name,
                "issued": invoice.issued_on,
                "due": invoice.due_on,
                "total_cents": invoice.total_cents,
                "lines": [
                    {"description": line.description, "amount_cents": line.amount_cents} for line in invoice.lines.all()
                ],
                "payments": [
                    {
                        "receipt": p.receipt_number,
                        "received": p.received_on,
                        "amount_cents": p.amount_cents,
                        "method": p.method,
                        "reference": p.reference,
                        "reversed": p.reversed_at,
                        "reversal_reason": p.reversal_reason,
                    }
                    for p in invoice.payments.all()
                ],
            }
            for invoice in invoices
        ],
        "reductions": [
            {"kind": r.kind, "amount_cents": r.amount_cents, "granted": r.created_at, "reason": r.reason}
            for r in reductions
        ],
        "sponsored_places": [
            {
                "cohort": seat.sponsorship.cohort.year,
                "amount_cents": seat.amount_cents,
                "from": seat.assigned_at,
                "ended": seat.ended_on,
            }
            for seat in seats
        ],
    }


def erase(user) -> None:
    FeeReduction.objects.filter(participant__user=user).update(reason="")

    own = list(Invoice.objects.filter(participant__user=user))
    Invoice.objects.filter(pk__in=[i.pk for i in own]).update(billed_to_address="", void_reason="")
    payments = list(Payment.objects.filter(invoice__in=own))
    for payment in payments:
        file_delete_on_commit(payment.receipt_pdf.storage, payment.receipt_pdf.name)
    Payment.objects.filter(pk__in=[p.pk for p in payments]).update(reference="", reversal_reason="", receipt_pdf="")

    lines = list(
        InvoiceLine.objects.filter(participant__user=user).select_related("invoice", "seat__sponsorship__cohort")
    )
    touched = {invoice.pk: invoice for invoice in own}
    for line in lines:
        if line.seat is not None and line.seat.sponsorship.scope == Sponsorship.Scope.PARTICIPANT:
            unnamed = seat_line_description(line.seat, named=False)
            if line.description != unnamed:
                InvoiceLine.objects.filter(pk=line.pk).update(description=unnamed)
                touched[line.invoice_id] = line.invoice
    for invoice in touched.values():
        invoice_pdf_forget(invoice)

    releases = SeatRelease.objects.filter(seat__participant__user=user)
    redact_change_history(SeatRelease, releases.values_list("pk", flat=True))
    releases.update(note="")
    redact_change_history(Invoice, [i.pk for i in own])
    redact_change_history(InvoiceLine, [line.pk for line in lines])
    redact_change_history(Payment, [p.pk for p in payments])
