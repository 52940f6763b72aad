"""Readiness assessments (at interview, before the practicum) and program pauses."""

from django.urls import path  # noqa: F401

app_name = "readiness"
urlpatterns: list = []
