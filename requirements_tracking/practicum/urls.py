"""Practicum: the participant's host and hours under /practicum/, the supervisor's
one-time link and account page, and staff's view under /staff/practicum/."""

from django.urls import path

from requirements_tracking.practicum import views

app_name = "practicum"
urlpatterns = [
    path("practicum/", views.mine, name="mine"),
    path("practicum/log/", views.log, name="log"),
    path("practicum/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("practicum/confirm/<str:token>/", views.link, name="link"),
    path("practicum/confirm/<str:token>/answer/", views.link_answer, name="link_answer"),
    path("practicum/supervise/", views.supervise, name="supervise"),
    path("practicum/supervise/<uuid:public_id>/answer/", views.supervise_answer, name="supervise_answer"),
    path("staff/practicum/", views.staff_list, name="staff_list"),
    path("staff/practicum/<uuid:public_id>/resend/", views.staff_resend, name="staff_resend"),
    path("staff/practicum/<uuid:public_id>/move/", views.staff_move, name="staff_move"),
    path("staff/practicum/supervisors/<uuid:public_id>/verify/", views.staff_verify, name="staff_verify"),
]
