"""Supervision contracts and logs, for the practicum and the placement year."""

from django.urls import path  # noqa: F401

app_name = "supervision"
urlpatterns: list = []
