"""Public verification (anyone) and the Open Badges file, under /verify/."""

from django.urls import path

from certificates.public import views

app_name = "certificates_public"
urlpatterns = [
    path("", views.verify, name="verify"),
    # Before the number pattern: numbers are upper-case, so "issuer" is never one.
    path("issuer/", views.issuer, name="issuer"),
    path("<str:number>/", views.verify_number, name="verify_number"),
    path("<str:number>/badge.json", views.badge, name="badge"),
]
