"""The fee, for program staff and finance staff, under /staff/finance/."""

from django.urls import path

from sponsors.finance import views

app_name = "sponsors_finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("pledges/", views.sponsorships, name="sponsorships"),
    path("pledges/new/", views.sponsorship_create, name="sponsorship_create"),
    path("pledges/<uuid:public_id>/", views.sponsorship_detail, name="sponsorship_detail"),
    path("pledges/<uuid:public_id>/assign/", views.seat_assign, name="seat_assign"),
    path("pledges/<uuid:public_id>/invoice/", views.sponsorship_invoice, name="sponsorship_invoice"),
    path("pledges/<uuid:public_id>/cancel/", views.sponsorship_cancel, name="sponsorship_cancel"),
    path("pledges/<uuid:public_id>/places/<uuid:participant_id>/unassign/", views.seat_unassign, name="seat_unassign"),
    path("pledges/<uuid:public_id>/places/<uuid:participant_id>/release/", views.seat_release, name="seat_release"),
    path("cohorts/<int:pk>/", views.cohort_fees, name="cohort_fees"),
    path("participants/<uuid:public_id>/", views.participant_fee, name="participant_fee"),
    path("participants/<uuid:public_id>/reduction/", views.reduction_create, name="reduction_create"),
    path("participants/<uuid:public_id>/invoice/", views.participant_invoice, name="participant_invoice"),
    path("invoices/", views.invoices, name="invoices"),
    path("invoices/<uuid:public_id>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<uuid:public_id>/cancel/", views.invoice_void, name="invoice_void"),
    path("invoices/<uuid:public_id>/payment/", views.payment_create, name="payment_create"),
    path("invoices/<uuid:public_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("payments/<uuid:public_id>/correct/", views.payment_correct, name="payment_correct"),
    path("payments/<uuid:public_id>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("receipts/<uuid:public_id>/pdf/", views.receipt_pdf, name="receipt_pdf"),
]
