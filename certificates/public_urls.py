"""Public verification (anyone) and the Open Badges file, under /verify/."""

from django.urls import path

from certificates import public_views

app_name = "certificates_public"
urlpatterns = [
    path("", public_views.verify, name="verify"),
    # Before the number pattern: numbers are upper-case, so "issuer" is never one.
    path("issuer/", public_views.issuer, name="issuer"),
    path("<str:number>/", public_views.verify_number, name="verify_number"),
    path("<str:number>/badge.json", public_views.badge, name="badge"),
]
