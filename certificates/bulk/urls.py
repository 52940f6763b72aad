"""Checking many certificates at once (anyone), under /verify/many/."""

from django.urls import path

from certificates.bulk import views

app_name = "certificates_bulk"
urlpatterns = [
    path("", views.verify_many, name="verify_many"),
]
