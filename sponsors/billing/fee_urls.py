"""The participant's own fee, invoices and receipts, under /my-fee/."""

from django.urls import path

from sponsors.billing import views

app_name = "sponsors_fee"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("invoices/<uuid:public_id>/pdf/", views.my_invoice_pdf, name="invoice_pdf"),
    path("receipts/<uuid:public_id>/pdf/", views.my_receipt_pdf, name="receipt_pdf"),
]
