"""The participant record: everything about one participant, for program staff."""

from django.urls import path  # noqa: F401

app_name = "participant_record"
urlpatterns: list = []
