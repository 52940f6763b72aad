"""Program staff's certificate pages, under /staff/certificates/."""

from django.urls import path  # noqa: F401

app_name = "certificates_staff"
urlpatterns = []
