"""Program staff pages for cohorts, requirement sets and participants, under /staff/cohorts/."""

from django.urls import path  # noqa: F401

app_name = "cohorts_staff"
urlpatterns = []
