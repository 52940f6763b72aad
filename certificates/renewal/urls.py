"""Renewals for staff, under /staff/certificates/: certificates near expiry, renewing one, and a
credential's renewal settings."""

from django.urls import path

from certificates.renewal import views

app_name = "certificates_renewal"

urlpatterns = [
    path("renewals/", views.expiring, name="expiring"),
    path("renewals/<uuid:public_id>/", views.renew, name="renew"),
    path(
        "credential/<int:credential_id>/renewal/",
        views.credential_settings,
        name="credential_settings",
    ),
]
