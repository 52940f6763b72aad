"""Bulk actions: a message to a cohort."""

from django.urls import path

from dashboard.bulk import views

app_name = "bulk"
urlpatterns = [
    path("", views.index, name="index"),
    path("message/", views.message, name="message"),
]
