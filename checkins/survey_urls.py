"""Evaluation surveys: answered anonymously, shown as aggregates."""

from django.urls import path  # noqa: F401

app_name = "surveys"
urlpatterns: list = []
