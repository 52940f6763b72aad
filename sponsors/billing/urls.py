"""The signed-in sponsor member's invoices and receipts, under /sponsor/billing/."""

from django.urls import path

from sponsors.billing import views

app_name = "sponsors_billing"
urlpatterns = [
    path("", views.index, name="index"),
    path("invoices/<uuid:public_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("receipts/<uuid:public_id>/pdf/", views.receipt_pdf, name="receipt_pdf"),
]
