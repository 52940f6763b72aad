"""What the fee records hold about a person: their fee reductions, the invoices billed to
them, the payments and refunds on those invoices, and which sponsors' places paid for them
(the amounts only: a donor may not wish to be named).

Erasure keeps the accounting rows. Invoices, their lines, payments and receipts are the
program's books, which it must keep for years (tax and audit); they hold amounts, dates,
numbers and the name printed on the invoice. The account itself is anonymised by
`accounts`, so nothing else links these rows to a person who asked to be forgotten. The
one free text written about the person, the reason for a reduction, is not needed for the
books and is blanked (`erase`). Rows that name a staff member as author (`created_by`,
`granted_by`, `recorded_by`) keep pointing at the anonymised account.
"""

from sponsors.models import FeeReduction, Invoice, InvoiceLine, Payment, SeatRelease, Sponsorship, SponsorshipSeat

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
