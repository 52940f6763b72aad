"""What the fee records hold about a person: their invoices, payments and reductions.

Invoices and payments are accounting records the program must keep; erasing a person
anonymises their account (done by accounts) and leaves these rows for the books.
"""

from sponsors.models import FeeReduction, Invoice


def export(user) -> list[dict]:
    invoices = Invoice.objects.filter(participant__user=user).prefetch_related("payments").order_by("issued_on")
    reductions = FeeReduction.objects.filter(participant__user=user).order_by("created_at")
    return [
        *(
            {
                "invoice": invoice.number,
                "issued": invoice.issued_on,
                "due": invoice.due_on,
                "total_cents": invoice.total_cents,
                "payments": [
                    {"receipt": p.receipt_number, "received": p.received_on, "amount_cents": p.amount_cents}
                    for p in invoice.payments.all()
                ],
            }
            for invoice in invoices
        ),
        *({"reduction": r.get_kind_display(), "amount_cents": r.amount_cents} for r in reductions),
    ]
