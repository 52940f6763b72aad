"""The code of ethics: participants read and acknowledge it; staff publish versions."""

from django.urls import path  # noqa: F401

app_name = "ethics"
urlpatterns: list = []
