"""Bulk actions: a message to a cohort."""

from django.urls import path  # noqa: F401

app_name = "bulk"
urlpatterns: list = []
