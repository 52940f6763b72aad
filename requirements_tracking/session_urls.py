"""Training sessions and attendance: the participant's sessions under /hours/sessions/,
staff scheduling and the attendance screen under /staff/sessions/."""

from django.urls import path  # noqa: F401

app_name = "sessions"
urlpatterns = []
