"""Readiness assessments (at interview, before the practicum) and program pauses: the
person's pages under readiness/, program staff's under staff/readiness/."""

from django.urls import path

from requirements_tracking.readiness import views

app_name = "readiness"
urlpatterns = [
    path("readiness/interview/", views.interview, name="interview"),
    path("readiness/before-practicum/", views.before_practicum, name="before_practicum"),
    path("staff/readiness/", views.staff_list, name="staff_list"),
    path("staff/readiness/applications/<uuid:public_id>/", views.staff_application, name="staff_application"),
    path("staff/readiness/participants/<uuid:public_id>/", views.staff_participant, name="staff_participant"),
    path("staff/readiness/participants/<uuid:public_id>/pause/", views.pause_start, name="pause_start"),
    path("staff/readiness/participants/<uuid:public_id>/pause/extend/", views.pause_extend, name="pause_extend"),
    path("staff/readiness/participants/<uuid:public_id>/pause/end/", views.pause_end, name="pause_end"),
]
