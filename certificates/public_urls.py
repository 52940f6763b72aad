"""Public verification (anyone) and the Open Badges file, under /verify/."""

from django.urls import path  # noqa: F401

app_name = "certificates_public"
urlpatterns = []
