"""The sponsor's invoices and receipts (/sponsor/billing/) and the participant's own fee
(/my-fee/). Each finds what it shows through the signed-in person: another sponsor's or
another person's invoice is a 404, as is one that does not exist.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from cohorts.selectors import current_participation
from sponsors.finance.views import download
from sponsors.money import rendering, selectors

PAGE_SIZE = 50


# --- The sponsor -------------------------------------------------------------------------


@require_GET
@role_required(Role.SPONSOR)
def index(request):
    sponsor_ids = selectors.sponsor_ids_for_user(request.user)
    page_obj = Paginator(selectors.invoices_for_sponsor(sponsor_ids), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sponsors/billing/index.html",
        {
            "page_obj": page_obj,
            "receipts": selectors.payments_for_sponsor(sponsor_ids)[:PAGE_SIZE],
            "several": len(sponsor_ids) > 1,
        },
    )


@never_cache
@require_GET
@role_required(Role.SPONSOR)
def invoice_pdf(request, public_id):
    invoice = selectors.sponsor_invoice_for_user(user=request.user, public_id=public_id)
    if invoice is None:
        raise Http404
    return download(rendering.invoice_pdf(invoice), f"invoice-{invoice.number}.pdf")


@never_cache
@require_GET
@role_required(Role.SPONSOR)
def receipt_pdf(request, public_id):
    payment = selectors.sponsor_payment_for_user(user=request.user, public_id=public_id)
    if payment is None:
        raise Http404
    return download(rendering.receipt_pdf(payment), f"receipt-{payment.receipt_number}.pdf")


# --- The participant ---------------------------------------------------------------------


@require_GET
@login_required
def mine(request):
    """The fee, what sponsors and reductions cover (sponsors unnamed: a donor may wish not
    to be known, and staff can tell the person), the own share, invoices and receipts."""
    participant = current_participation(request.user)
    if participant is None:
        return render(request, "sponsors/billing/my_fee.html", {"participant": None})
    return render(
        request,
        "sponsors/billing/my_fee.html",
        {
            "participant": participant,
            "balance": selectors.participant_balance(participant),
            "invoices": selectors.invoices_for_participant(participant),
            "receipts": selectors.payments_for_participant(participant),
        },
    )


@never_cache
@require_GET
@login_required
def my_invoice_pdf(request, public_id):
    invoice = selectors.own_invoice_for_user(user=request.user, public_id=public_id)
    if invoice is None:
        raise Http404
    return download(rendering.invoice_pdf(invoice), f"invoice-{invoice.number}.pdf")


@never_cache
@require_GET
@login_required
def my_receipt_pdf(request, public_id):
    payment = selectors.own_payment_for_user(user=request.user, public_id=public_id)
    if payment is None:
        raise Http404
    return download(rendering.receipt_pdf(payment), f"receipt-{payment.receipt_number}.pdf")
