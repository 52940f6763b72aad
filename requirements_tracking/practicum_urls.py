"""Practicum: the participant's host and hours under /practicum/, the supervisor's
one-time link and account page, and staff's view under /staff/practicum/."""

from django.urls import path  # noqa: F401

app_name = "practicum"
urlpatterns = []
