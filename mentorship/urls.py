"""Peer mentorship: the mentor's pages, the participant's, and staff's."""

from django.urls import path  # noqa: F401

app_name = "mentorship"
urlpatterns: list = []
