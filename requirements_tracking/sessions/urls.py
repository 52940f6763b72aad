"""Training sessions and attendance: the participant's sessions under /hours/sessions/,
staff scheduling and the attendance screen under /staff/sessions/."""

from django.urls import path

from requirements_tracking.sessions import views

app_name = "sessions"
urlpatterns = [
    path("hours/sessions/", views.my_sessions, name="mine"),
    path("staff/sessions/", views.staff_list, name="staff_list"),
    path("staff/sessions/new/", views.create, name="create"),
    path("staff/sessions/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("staff/sessions/<uuid:public_id>/delete/", views.delete, name="delete"),
    path("staff/sessions/<uuid:public_id>/attendance/", views.attendance, name="attendance"),
]
