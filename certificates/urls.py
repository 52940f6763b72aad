"""The participant's certificate, under /my-certificate/."""

from django.urls import path  # noqa: F401

app_name = "certificates"
urlpatterns = []
