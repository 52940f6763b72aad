"""Staff pages for the fee under /staff/finance/: the outstanding overview, pledges and
their places, a cohort's fee page, a participant's fee, reductions, invoices, payments,
receipts. Program staff and finance staff; recording, correcting and reversing payments
and cancelling invoices are finance's (program staff see them). Objects are found by
public_id; unknown → 404.

Rules chosen here: "Invoice the sponsor" opens a preview of the invoice (nothing is written
until it is confirmed); a wrong payment is corrected or reversed on a page of its own,
with a reason, never edited in place.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from cohorts import selectors as cohort_selectors
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from sponsors.models import Invoice, Payment, Sponsorship
from sponsors.money import rendering, selectors
from sponsors.money import services as money_services
from sponsors.money.forms import (
    ERROR_FIELDS,
    PaymentCorrectForm,
    PaymentForm,
    PaymentReverseForm,
    ReductionForm,
    SeatAssignForm,
    SeatReleaseForm,
    SponsorInvoiceForm,
    SponsorshipForm,
    VoidForm,
    cents,
)
from sponsors.money.services import MoneyError
from sponsors.sponsorships import selectors as sponsorship_selectors
from sponsors.sponsorships import services as sponsorship_services

STAFF = (Role.PROGRAM_STAFF, Role.FINANCE)
FINANCE = (Role.FINANCE,)
PAGE_SIZE = 50


def _call(form, service, **kwargs):
    """Call the service; a refusal goes next to its field (or at the top). None if refused."""
    try:
        return service(**kwargs)
    except MoneyError as error:
        field = ERROR_FIELDS.get(error.code)
        form.add_error(field if field in form.fields else None, str(error))
        return None


def _flash(request, service, **kwargs):
    try:
        return service(**kwargs)
    except MoneyError as error:
        messages.error(request, str(error))
        return None


def download(file, filename: str) -> FileResponse:
    """A private PDF as an attachment, never kept by caches (the caller adds never_cache)."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Overview ----------------------------------------------------------------------------


@require_GET
@role_required(*STAFF)
def overview(request):
    return render(
        request,
        "sponsors/finance/overview.html",
        {"overview": selectors.outstanding_overview(), "awaiting": list(selectors.seats_awaiting_release())},
    )


# --- Pledges -----------------------------------------------------------------------------


@require_GET
@role_required(*STAFF)
def sponsorships(request):
    status = request.GET.get("status", "")
    if status not in Sponsorship.Status.values:
        status = ""
    page_obj = _page(request, selectors.sponsorship_list(status=status))
    return render(request, "sponsors/finance/sponsorships.html", {"page_obj": page_obj, "status": status})


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def sponsorship_create(request):
    form = SponsorshipForm(posted(request))
    if request.method == "POST" and form.is_valid():
        sponsorship = _call(form, sponsorship_services.sponsorship_create, **form.service_kwargs(), by=request.user)
        if sponsorship is not None:
            messages.success(request, _("The pledge is recorded."))
            return redirect("sponsors_finance:sponsorship_detail", sponsorship.public_id)
    return render(request, "sponsors/finance/sponsorship_form.html", {"form": form})


def _sponsorship(public_id) -> Sponsorship:
    sponsorship = selectors.sponsorship_for_staff(public_id)
    if sponsorship is None:
        raise Http404
    return sponsorship


def _sponsorship_page(request, sponsorship, *, assign_form=None, status=200):
    seats = selectors.sponsorship_seats(sponsorship)
    free = [s for s in seats if s.participant_id is None and s.ended_on is None]
    return render(
        request,
        "sponsors/finance/sponsorship_detail.html",
        {
            "sponsorship": sponsorship,
            "seats": seats,
            "free_places": len(free),
            "assign_form": assign_form
            or (SeatAssignForm(candidates=selectors.reassign_candidates(sponsorship)) if free else None),
            "invoices": selectors.invoices_for_sponsorship(sponsorship),
            "not_invoiced": selectors.sponsorship_not_invoiced(sponsorship),
            "active": sponsorship.status == Sponsorship.Status.ACTIVE,
            # A pledge with a place invoiced cannot be cancelled (sponsorship_cancel says so).
            "invoiced": selectors.sponsorship_is_invoiced(sponsorship),
        },
        status=status,
    )


@require_GET
@role_required(*STAFF)
def sponsorship_detail(request, public_id):
    return _sponsorship_page(request, _sponsorship(public_id))


@require_POST
@role_required(*STAFF)
def seat_assign(request, public_id):
    sponsorship = _sponsorship(public_id)
    form = SeatAssignForm(request.POST, candidates=selectors.reassign_candidates(sponsorship))
    if form.is_valid() and _call(
        form,
        sponsorship_services.seat_assign,
        sponsorship=sponsorship,
        participant=form.cleaned_data["participant"],
        by=request.user,
    ):
        messages.success(request, _("The place is given to the participant."))
        return redirect("sponsors_finance:sponsorship_detail", sponsorship.public_id)
    return _sponsorship_page(request, sponsorship, assign_form=form, status=200)


def _seat_participant(sponsorship, participant_id) -> Participant:
    participant = sponsorship_selectors.seat_holder(sponsorship=sponsorship, public_id=participant_id)
    if participant is None:
        raise Http404
    return participant


@require_POST
@role_required(*STAFF)
def seat_unassign(request, public_id, participant_id):
    sponsorship = _sponsorship(public_id)
    participant = _seat_participant(sponsorship, participant_id)
    if _flash(
        request, sponsorship_services.seat_unassign, sponsorship=sponsorship, participant=participant, by=request.user
    ):
        messages.success(request, _("The place is free again."))
    return redirect("sponsors_finance:sponsorship_detail", sponsorship.public_id)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def seat_release(request, public_id, participant_id):
    sponsorship = _sponsorship(public_id)
    participant = _seat_participant(sponsorship, participant_id)
    form = SeatReleaseForm(posted(request), candidates=selectors.reassign_candidates(sponsorship))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        release = _call(
            form,
            sponsorship_services.seat_release,
            sponsorship=sponsorship,
            participant=participant,
            outcome=data["outcome"],
            new_participant=data.get("new_participant"),
            note=data.get("note", ""),
            by=request.user,
        )
        if release is not None:
            messages.success(request, _("Recorded: %(outcome)s.") % {"outcome": release.get_outcome_display()})
            return redirect("sponsors_finance:sponsorship_detail", sponsorship.public_id)
    return render(
        request,
        "sponsors/finance/seat_release.html",
        {"sponsorship": sponsorship, "participant": participant, "form": form},
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def sponsorship_invoice(request, public_id):
    """The invoice as it would be issued (lines, dates, total), with the PO number and note
    to add; issued only when confirmed."""
    sponsorship = _sponsorship(public_id)
    form = SponsorInvoiceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        invoice = _call(
            form,
            money_services.invoice_create_for_sponsorship,
            sponsorship=sponsorship,
            po_number=form.cleaned_data["po_number"],
            memo=form.cleaned_data["memo"],
            by=request.user,
        )
        if invoice is not None:
            messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
            return redirect("sponsors_finance:invoice_detail", invoice.public_id)
    draft = _flash(request, money_services.invoice_draft_for_sponsorship, sponsorship=sponsorship)
    if draft is None:
        return redirect("sponsors_finance:sponsorship_detail", sponsorship.public_id)
    return render(
        request,
        "sponsors/finance/invoice_preview.html",
        {"sponsorship": sponsorship, "draft": draft, "lines": rendering.grouped_lines(draft.lines), "form": form},
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def sponsorship_cancel(request, public_id):
    sponsorship = _sponsorship(public_id)
    if request.method == "POST" and _flash(
        request, sponsorship_services.sponsorship_cancel, sponsorship=sponsorship, by=request.user
    ):
        messages.success(request, _("The pledge is cancelled."))
        return redirect("sponsors_finance:sponsorship_detail", sponsorship.public_id)
    return render(
        request,
        "sponsors/finance/sponsorship_cancel.html",
        {"sponsorship": sponsorship, "invoiced": selectors.sponsorship_is_invoiced(sponsorship)},
    )


# --- Cohorts and participants ------------------------------------------------------------


@require_GET
@role_required(*STAFF)
def cohort_fees(request, pk):
    cohort = cohort_selectors.cohort_for_staff(pk)
    if cohort is None:
        raise Http404
    # Whole-cohort pledges pay for people enrolled since they were made.
    sponsorship_services.sponsorship_cohort_sync(cohort=cohort)
    rows = selectors.cohort_fee_rows(cohort)
    return render(
        request,
        "sponsors/finance/cohort_fees.html",
        {"cohort": cohort, "rows": rows, "totals": selectors.cohort_totals(cohort, rows)},
    )


def _participant(request, public_id) -> Participant:
    participant = cohort_selectors.participant_for_staff(public_id)
    if participant is None:
        raise Http404
    access_log_record(viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    return participant


def _participant_page(request, participant, *, reduction_form=None):
    return render(
        request,
        "sponsors/finance/participant_fee.html",
        {
            "participant": participant,
            "balance": selectors.participant_balance(participant),
            "seats": selectors.current_seats_for_participant(participant),
            "reductions": selectors.fee_reductions_for_participant(participant),
            "invoices": selectors.invoices_for_participant(participant),
            "reduction_form": reduction_form or ReductionForm(),
        },
    )


@require_GET
@role_required(*STAFF)
def participant_fee(request, public_id):
    return _participant_page(request, _participant(request, public_id))


@require_POST
@role_required(*STAFF)
def reduction_create(request, public_id):
    participant = _participant(request, public_id)
    form = ReductionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if _call(
            form,
            money_services.fee_reduction_grant,
            participant=participant,
            kind=data["kind"],
            amount_cents=cents(data["amount"]),
            reason=data["reason"],
            by=request.user,
        ):
            messages.success(request, _("The reduction is recorded."))
            return redirect("sponsors_finance:participant_fee", participant.public_id)
    return _participant_page(request, participant, reduction_form=form)


@require_POST
@role_required(*STAFF)
def participant_invoice(request, public_id):
    participant = _participant(request, public_id)
    invoice = _flash(request, money_services.invoice_create_for_participant, participant=participant, by=request.user)
    if invoice is None:
        return redirect("sponsors_finance:participant_fee", participant.public_id)
    messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
    return redirect("sponsors_finance:invoice_detail", invoice.public_id)


# --- Invoices, payments, receipts --------------------------------------------------------


@require_GET
@role_required(*STAFF)
def invoices(request):
    overdue = request.GET.get("overdue") == "1"
    page_obj = _page(request, selectors.invoice_list(overdue_only=overdue))
    return render(
        request,
        "sponsors/finance/invoices.html",
        {
            "page_obj": page_obj,
            "overdue": overdue,
            "query_prefix": "overdue=1&" if overdue else "",
            "today": timezone.localdate(),
        },
    )


def _log_participant_invoice(request, invoice) -> None:
    """An invoice to a participant carries their name: opening it is noted as opening
    their record."""
    if invoice.participant_id:
        access_log_record(
            viewer=request.user, subject=invoice.participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
        )


def _invoice(public_id) -> Invoice:
    invoice = selectors.invoice_for_staff(public_id)
    if invoice is None:
        raise Http404
    return invoice


def _invoice_page(request, invoice, template="sponsors/finance/invoice_detail.html", **extra):
    return render(
        request,
        template,
        {
            "invoice": invoice,
            "lines": selectors.invoice_lines(invoice),
            "payments": selectors.invoice_payments(invoice),
            "has_payments": selectors.invoice_has_payments(invoice),
            "can_record": request.user.has_role(Role.FINANCE),
            "today": timezone.localdate(),
            **extra,
        },
    )


@require_GET
@role_required(*STAFF)
def invoice_detail(request, public_id):
    invoice = _invoice(public_id)
    _log_participant_invoice(request, invoice)
    return _invoice_page(request, invoice)


@require_http_methods(["GET", "POST"])
@role_required(*FINANCE)
def invoice_void(request, public_id):
    invoice = _invoice(public_id)
    form = VoidForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _call(
            form, money_services.invoice_void, invoice=invoice, reason=form.cleaned_data["reason"], by=request.user
        )
    ):
        messages.success(request, _("Invoice %(number)s is cancelled.") % {"number": invoice.number})
        return redirect("sponsors_finance:invoice_detail", invoice.public_id)
    return render(request, "sponsors/finance/invoice_void.html", {"invoice": invoice, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*FINANCE)
def payment_create(request, public_id):
    invoice = _invoice(public_id)
    form = PaymentForm(posted(request), initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        payment = _call(form, money_services.payment_record, invoice=invoice, **form.service_kwargs(), by=request.user)
        if payment is not None:
            messages.success(
                request, _("Payment recorded. Receipt %(number)s is ready.") % {"number": payment.receipt_number}
            )
            return redirect("sponsors_finance:invoice_detail", invoice.public_id)
    return render(request, "sponsors/finance/payment_form.html", {"invoice": invoice, "form": form})


def _payment(request, public_id) -> Payment:
    """The payment with its invoice's amounts (the service refuses a refund, or one
    reversed already, with a message: a second submit lands there)."""
    payment = selectors.payment_for_staff(public_id)
    if payment is None:
        raise Http404
    _log_participant_invoice(request, payment.invoice)
    payment.invoice = selectors.invoice_amounts(payment.invoice)
    return payment


def _payment_changed(request, payment, message) -> HttpResponse:
    messages.success(request, message)
    return redirect("sponsors_finance:invoice_detail", payment.invoice.public_id)


@require_http_methods(["GET", "POST"])
@role_required(*FINANCE)
def payment_correct(request, public_id):
    payment = _payment(request, public_id)
    initial = {
        "amount": Decimal(payment.amount_cents) / 100,
        "method": payment.method,
        "reference": payment.reference,
        "received_on": payment.received_on,
    }
    form = PaymentCorrectForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        new = _call(
            form,
            money_services.payment_correct,
            payment=payment,
            **form.service_kwargs(),
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        if new is not None:
            return _payment_changed(
                request,
                payment,
                _("The payment is corrected: receipt %(new)s replaces receipt %(old)s.")
                % {"new": new.receipt_number, "old": payment.receipt_number},
            )
    return render(request, "sponsors/finance/payment_correct.html", {"payment": payment, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*FINANCE)
def payment_reverse(request, public_id):
    payment = _payment(request, public_id)
    form = PaymentReverseForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _call(
            form, money_services.payment_reverse, payment=payment, reason=form.cleaned_data["reason"], by=request.user
        )
    ):
        return _payment_changed(
            request, payment, _("Receipt %(number)s is reversed.") % {"number": payment.receipt_number}
        )
    return render(request, "sponsors/finance/payment_reverse.html", {"payment": payment, "form": form})


@never_cache
@require_GET
@role_required(*STAFF)
def invoice_pdf(request, public_id):
    invoice = _invoice(public_id)
    _log_participant_invoice(request, invoice)
    return download(rendering.invoice_pdf(invoice), f"invoice-{invoice.number}.pdf")


@never_cache
@require_GET
@role_required(*STAFF)
def receipt_pdf(request, public_id):
    payment = selectors.payment_for_staff(public_id)
    if payment is None:
        raise Http404
    return download(rendering.receipt_pdf(payment), f"receipt-{payment.receipt_number}.pdf")
