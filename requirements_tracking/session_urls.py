"""Training sessions and attendance: the participant's sessions under /hours/sessions/,
staff scheduling and the attendance screen under /staff/sessions/."""

from django.urls import path

from requirements_tracking import session_views

app_name = "sessions"
urlpatterns = [
    path("hours/sessions/", session_views.my_sessions, name="mine"),
    path("staff/sessions/", session_views.staff_list, name="staff_list"),
    path("staff/sessions/new/", session_views.create, name="create"),
    path("staff/sessions/<uuid:public_id>/edit/", session_views.edit, name="edit"),
    path("staff/sessions/<uuid:public_id>/delete/", session_views.delete, name="delete"),
    path("staff/sessions/<uuid:public_id>/attendance/", session_views.attendance, name="attendance"),
]
