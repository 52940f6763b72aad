"""The certificate topics' pages, one include per topic at its prefix."""

from django.urls import include, path

urlpatterns = [
    path("my-certificate/", include("certificates.mine.urls")),
    path("verify/", include("certificates.public.urls")),
    path("staff/certificates/", include("certificates.staff.urls")),
    path("staff/certificates/", include("certificates.renewal.urls")),  # renewals/, credential/<id>/renewal/
]
