"""Access needs: recorded once, changed by the person or program staff."""

from django.urls import path  # noqa: F401

app_name = "access_needs"
urlpatterns: list = []
