"""Reports for staff and funders: aggregates only, small cells suppressed."""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns: list = []
