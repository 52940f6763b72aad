"""Writes about the fee: reductions, invoices (numbered per year), payments and receipts.

Numbers come from `InvoiceCounter` taken under a row lock inside the transaction that
creates the invoice or payment, so two people (or two workers) never get the same number
and numbers have no gaps; a cancelled invoice keeps its number (never reused).
PDFs are rendered on first download and stored (sponsors.money.rendering), from the invoice's
frozen fields: what was printed on the day of issue stays what it was.

Rules chosen here: invoicing a sponsor is previewed from the same draft it is issued from
(`invoice_draft_for_sponsorship`), so the preview shows exactly what will be printed. A
payment entered wrongly is never edited or deleted: it is reversed (with its reason, in the
change history) and, for a correction, replaced by a new payment with a new receipt; the
invoice's receipts are rendered again, as they show the balance still owed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Participant
from cohorts.services import participant_lock
from cpse.errors import DomainError
from cpse.numbers import dollars
from cpse.uploads import file_delete_on_commit
from sponsors.models import FeeReduction, Invoice, InvoiceCounter, InvoiceLine, Payment, Sponsorship
from sponsors.models import SponsorshipSeat as Seat
from sponsors.money import selectors
from sponsors.portal.selectors import named_to_sponsor

INVOICE, RECEIPT = "invoice", "receipt"
ISSUED, VOID = Invoice.Status.ISSUED, Invoice.Status.VOID


class MoneyError(DomainError):
    code = "money_error"


def coverage_check(participant: Participant, amount: int) -> None:
    """Sponsors and reductions together never cover more than the participant's fee, less
    what the participant paid themselves (call under `participant_lock`, then
    `coverage_settle` once the seat or reduction is written)."""
    left = selectors.participant_balance(participant).coverage_room
    if amount > left:
        raise MoneyError(
            _("That is more than is left of this participant's fee: %(left)s is not yet covered.")
            % {"left": dollars(left)},
            code="over_fee",
        )


def coverage_settle(participant: Participant) -> int:
    """Credit the participant's own invoices for what a sponsor or a reduction now covers
    (newest invoice first, only what is not paid): the fee is billed once. Returns the
    cents credited. Call under `participant_lock`, in the same transaction."""
    need = selectors.participant_balance(participant).to_credit
    credited = 0
    invoices = selectors.invoices_with_amounts(
        Invoice.objects.select_for_update().filter(participant=participant, status=ISSUED)
    ).order_by("-issued_on", "-pk")
    for invoice in invoices:
        take = min(need - credited, invoice.outstanding_cents)
        if take <= 0:
            continue
        for line in invoice.lines.order_by("pk"):
            part = min(take, line.amount_cents - line.credited_cents)
            if part > 0:
                line.credited_cents += part
                line.save(update_fields=["credited_cents"])
                take -= part
                credited += part
        invoice_pdf_forget(invoice)
        if credited >= need:
            break
    return credited


# --- Numbers -----------------------------------------------------------------------------


def next_number(series: str, year: int) -> int:
    """The next sequence of `series` in `year`, under a row lock (call inside atomic)."""
    InvoiceCounter.objects.get_or_create(series=series, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def invoice_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:04d}"


def receipt_number(year: int, sequence: int) -> str:
    return f"R-{year}-{sequence:04d}"


# --- Reductions --------------------------------------------------------------------------


def fee_reduction_grant(
    *, participant: Participant, kind: str, amount_cents: int, reason: str = "", by
) -> FeeReduction:
    if kind not in FeeReduction.Kind.values:
        raise MoneyError(_("Please choose a scholarship or a sliding-scale reduction."), code="kind")
    if amount_cents <= 0:
        raise MoneyError(_("Please enter an amount above zero."), code="amount")
    with transaction.atomic():
        participant = participant_lock(participant)
        coverage_check(participant, amount_cents)
        reduction = FeeReduction.objects.create(
            participant=participant, kind=kind, amount_cents=amount_cents, reason=reason.strip(), granted_by=by
        )
        coverage_settle(participant)
        return reduction


# --- Invoices ----------------------------------------------------------------------------


def _due_on(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=settings.INVOICE_DUE_DAYS)


def _new_invoice(*, today, by, **fields) -> Invoice:
    sequence = next_number(INVOICE, today.year)
    return Invoice.objects.create(
        number=invoice_number(today.year, sequence),
        year=today.year,
        sequence=sequence,
        issued_on=today,
        due_on=_due_on(today),
        created_by=by,
        **fields,
    )


def seat_line_description(seat: Seat, *, named: bool) -> str:
    """Invoices travel through accounts departments and are kept for years, so they name
    only someone who chose it: a pledge for one named participant shows that person's
    display name when `named` (they chose to be named to this sponsor, `Consent.name`, on
    the day of issue), otherwise "a participant"; places and whole cohorts are "places"
    (summed on the PDF). Erasure rewrites a named line unnamed (money_data_rights)."""
    cohort = seat.sponsorship.cohort
    if seat.sponsorship.scope != Sponsorship.Scope.PARTICIPANT:
        return _("Program fee per place, %(cohort)s") % {"cohort": cohort}
    if named:
        return _("Program fee, %(cohort)s: %(name)s") % {"cohort": cohort, "name": seat.participant.user.display_name}
    return _("Program fee, %(cohort)s: a participant") % {"cohort": cohort}


@dataclass
class InvoiceDraft:
    """What invoicing a pledge would issue today: the lines are not saved."""

    sponsorship: Sponsorship
    issued_on: datetime.date
    due_on: datetime.date
    lines: list[InvoiceLine]

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


def invoice_draft_for_sponsorship(*, sponsorship: Sponsorship, today: datetime.date | None = None) -> InvoiceDraft:
    """The invoice the sponsor would get now for the pledge's places not yet invoiced
    (nothing is written). Refused when the pledge is cancelled or nothing is left to invoice."""
    today = today or timezone.localdate()
    if sponsorship.status != Sponsorship.Status.ACTIVE:
        raise MoneyError(_("This pledge was cancelled."), code="cancelled")
    seats = list(
        selectors.uninvoiced_seats()
        .filter(sponsorship=sponsorship)
        .select_related("participant__user", "sponsorship__cohort")
        .order_by("pk")
    )
    if not seats:
        raise MoneyError(
            _("Nothing to invoice: every place given to a participant is already invoiced."), code="nothing"
        )
    named = named_to_sponsor(sponsor_id=sponsorship.sponsor_id, participant_ids=[seat.participant_id for seat in seats])
    lines = [
        InvoiceLine(
            participant=seat.participant,
            seat=seat,
            description=seat_line_description(seat, named=seat.participant_id in named),
            amount_cents=seat.amount_cents,
        )
        for seat in seats
    ]
    return InvoiceDraft(sponsorship=sponsorship, issued_on=today, due_on=_due_on(today), lines=lines)


def invoice_create_for_sponsorship(
    *, sponsorship: Sponsorship, po_number: str = "", memo: str = "", by, today: datetime.date | None = None
) -> Invoice:
    """An invoice to the sponsor for the seats of this pledge not yet invoiced, with the
    sponsor's purchase order number and a note if given (both printed)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        sponsorship = Sponsorship.objects.select_for_update().select_related("sponsor", "cohort").get(pk=sponsorship.pk)
        draft = invoice_draft_for_sponsorship(sponsorship=sponsorship, today=today)
        sponsor = sponsorship.sponsor
        invoice = _new_invoice(
            today=today,
            by=by,
            sponsor=sponsor,
            cohort=sponsorship.cohort,
            billed_to_name=sponsor.name,
            billed_to_address=sponsor.billing_address,
            total_cents=draft.total_cents,
            po_number=po_number.strip()[:50],
            memo=memo.strip()[:300],
        )
        for line in draft.lines:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(draft.lines)
        return invoice


def invoice_create_for_participant(*, participant: Participant, by, today: datetime.date | None = None) -> Invoice:
    """An invoice to the participant for what of their own share is not yet invoiced."""
    today = today or timezone.localdate()
    with transaction.atomic():
        participant = participant_lock(participant)
        amount = selectors.participant_balance(participant).to_invoice
        if amount <= 0:
            raise MoneyError(
                _("Nothing to invoice: this participant's own share is covered or already invoiced."), code="nothing"
            )
        user = participant.user
        invoice = _new_invoice(
            today=today,
            by=by,
            participant=participant,
            cohort=participant.cohort,
            billed_to_name=user.legal_name or user.display_name,
            total_cents=amount,
        )
        InvoiceLine.objects.create(
            invoice=invoice,
            participant=participant,
            description=_("Program fee, %(cohort)s (your share)") % {"cohort": participant.cohort},
            amount_cents=amount,
        )
        return invoice


def invoice_void(*, invoice: Invoice, reason: str, by) -> Invoice:
    """Cancel an invoice (its number is never given again). Refused once money was
    received on it: record a refund first."""
    reason = reason.strip()
    if not reason:
        raise MoneyError(_("Please say why the invoice is cancelled."), code="reason")
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status == VOID:
            raise MoneyError(_("This invoice is already cancelled."), code="already")
        if selectors.invoice_has_payments(invoice):
            raise MoneyError(
                _("Payments are recorded on this invoice, so it cannot be cancelled."), code="has_payments"
            )
        invoice.status = VOID
        invoice.void_reason = reason[:200]
        invoice.save(update_fields=["status", "void_reason"])
        invoice_pdf_forget(invoice)  # rendered again, marked as cancelled
        return invoice


def invoice_pdf_forget(invoice: Invoice) -> None:
    """The stored PDFs no longer say what the invoice says (cancelled, credited, a payment
    reversed): drop the invoice's and its receipts' (they show the balance still owed), and
    the next download renders them again. Call inside the changing transaction."""
    old_pdf = invoice.pdf.name
    if old_pdf:
        Invoice.objects.filter(pk=invoice.pk).update(pdf="")
        invoice.pdf = ""
        file_delete_on_commit(invoice.pdf.storage, old_pdf)
    receipts = list(Payment.objects.filter(invoice=invoice).exclude(receipt_pdf=""))
    if receipts:
        Payment.objects.filter(pk__in=[p.pk for p in receipts]).update(receipt_pdf="")
        for payment in receipts:
            file_delete_on_commit(payment.receipt_pdf.storage, payment.receipt_pdf.name)


# --- Payments ----------------------------------------------------------------------------


def _new_payment(*, invoice: Invoice, amount_cents: int, method: str, reference: str, received_on, by) -> Payment:
    today = timezone.localdate()
    sequence = next_number(RECEIPT, today.year)
    return Payment.objects.create(
        invoice=invoice,
        amount_cents=amount_cents,
        method=method,
        reference=reference.strip(),
        received_on=received_on,
        receipt_number=receipt_number(today.year, sequence),
        recorded_by=by,
    )


def _payment_check(*, amount_cents: int, method: str, received_on: datetime.date) -> None:
    if method not in Payment.Method.values:
        raise MoneyError(_("Please choose how the money was paid."), code="method")
    if amount_cents <= 0:
        raise MoneyError(_("Please enter an amount above zero."), code="amount")
    if received_on > timezone.localdate():
        raise MoneyError(_("The date received cannot be in the future."), code="received_on")


def _payment_fits(locked: Invoice, *, amount_cents: int, received_on: datetime.date, freed: int = 0) -> None:
    """The payment may be recorded on the (locked) invoice: issued, a plausible date, and
    no more than is outstanding (plus `freed`, a payment it replaces)."""
    if locked.status != ISSUED:
        raise MoneyError(_("This invoice was cancelled; no payment can be recorded on it."), code="void")
    if received_on < locked.issued_on - datetime.timedelta(days=365):
        raise MoneyError(_("Please check the date received."), code="received_on")
    outstanding = selectors.invoice_amounts(locked).outstanding_cents + freed
    if amount_cents > outstanding:
        raise MoneyError(
            _("That is more than is outstanding on this invoice (%(left)s).") % {"left": dollars(outstanding)},
            code="overpayment",
        )


def payment_record(
    *, invoice: Invoice, amount_cents: int, method: str, reference: str = "", received_on: datetime.date, by
) -> Payment:
    """Money received against an invoice (part or all of what is outstanding)."""
    _payment_check(amount_cents=amount_cents, method=method, received_on=received_on)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _payment_fits(locked, amount_cents=amount_cents, received_on=received_on)
        return _new_payment(
            invoice=locked,
            amount_cents=amount_cents,
            method=method,
            reference=reference,
            received_on=received_on,
            by=by,
        )


def refund_record(*, invoice: Invoice, amount_cents: int, reference: str, by) -> Payment:
    """Money paid back (a negative payment with its own receipt). Call inside atomic with
    the invoice locked."""
    return _new_payment(
        invoice=invoice,
        amount_cents=-amount_cents,
        method=Payment.Method.OTHER,
        reference=reference,
        received_on=timezone.localdate(),
        by=by,
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise MoneyError(_("Please say why the payment is changed."), code="reason")
    return reason[:200]


def _payment_lock(payment: Payment) -> tuple[Invoice, Payment]:
    """The invoice, then the payment, locked (the order `payment_record` takes them in);
    refused if the payment is a refund or was already reversed (a second submit)."""
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.reversed_at is not None:
        raise MoneyError(_("This payment was already reversed or corrected."), code="already_reversed")
    if locked.amount_cents < 0:
        raise MoneyError(_("A refund cannot be corrected or reversed."), code="refund")
    return invoice, locked


def _payment_withdraw(payment: Payment, *, invoice: Invoice, reason: str, by, replaced_by=None) -> Payment:
    payment.reversed_at = timezone.now()
    payment.reversed_by = by
    payment.reversal_reason = reason
    payment.replaced_by = replaced_by
    payment.save(update_fields=["reversed_at", "reversed_by", "reversal_reason", "replaced_by"])
    invoice_pdf_forget(invoice)  # its receipts show the balance still owed
    return payment


def payment_reverse(*, payment: Payment, reason: str, by) -> Payment:
    """A payment entered wrongly (never received, or on the wrong invoice) stops counting:
    it stays on the books, marked reversed with the reason, and its receipt says so."""
    reason = _reason(reason)
    with transaction.atomic():
        invoice, locked = _payment_lock(payment)
        return _payment_withdraw(locked, invoice=invoice, reason=reason, by=by)


def payment_correct(
    *,
    payment: Payment,
    amount_cents: int,
    method: str,
    reference: str = "",
    received_on: datetime.date,
    reason: str,
    by,
) -> Payment:
    """A payment entered wrongly (amount, method, reference or date) is reversed and
    replaced by the right one, with a new receipt. Returns the new payment."""
    reason = _reason(reason)
    _payment_check(amount_cents=amount_cents, method=method, received_on=received_on)
    with transaction.atomic():
        invoice, locked = _payment_lock(payment)
        _payment_fits(invoice, amount_cents=amount_cents, received_on=received_on, freed=locked.amount_cents)
        new = _new_payment(
            invoice=invoice,
            amount_cents=amount_cents,
            method=method,
            reference=reference,
            received_on=received_on,
            by=by,
        )
        _payment_withdraw(locked, invoice=invoice, reason=reason, by=by, replaced_by=new)
        return new
