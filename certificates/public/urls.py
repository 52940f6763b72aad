"""Public verification (anyone) and the Open Badges file, under /verify/."""

from django.urls import path

from certificates.public import views

app_name = "certificates_public"
urlpatterns = [
    path("", views.verify, name="verify"),
    # Before the number pattern: numbers are upper-case, so "issuer" (or "status-list") is never one.
    path("issuer/", views.issuer, name="issuer"),
    path("status-list/", views.status_list, name="status_list"),
    # The badge picture of a credential (by its abbreviation; nobody's number).
    path("badges/<str:abbreviation>.png", views.badge_image, name="badge_image"),
    path("<str:number>/", views.verify_number, name="verify_number"),
    path("<str:number>/badge.json", views.badge, name="badge"),
]
