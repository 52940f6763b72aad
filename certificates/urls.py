"""The certificate topics' pages, one include per topic at its prefix."""

from django.urls import include, path

urlpatterns = [
    # my-certificate/continuing-education/, staff/certificates/continuing-education/
    path("", include("certificates.continuing_education.urls")),
    path("my-certificate/", include("certificates.mine.urls")),
    # Before /verify/<number>/: "many" would otherwise be read as a number.
    path("verify/many/", include("certificates.bulk.urls")),
    path("verify/", include("certificates.public.urls")),
    path("staff/certificates/", include("certificates.staff.urls")),
    path("staff/certificates/", include("certificates.renewal.urls")),  # renewals/, credential/<id>/renewal/
]
