from django.urls import path

from certificates import renewal_views

app_name = "certificates_renewal"

urlpatterns = [
    path("staff/certificates/renewals/", renewal_views.expiring, name="expiring"),
    path("staff/certificates/renewals/<uuid:public_id>/", renewal_views.renew, name="renew"),
    path(
        "staff/certificates/credential/<int:credential_id>/renewal/",
        renewal_views.credential_settings,
        name="credential_settings",
    ),
]
