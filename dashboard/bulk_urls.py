"""Bulk actions: a message to a cohort."""

from django.urls import path

from dashboard import bulk_views

app_name = "bulk"
urlpatterns = [
    path("", bulk_views.index, name="index"),
    path("message/", bulk_views.message, name="message"),
]
