"""Placement: the participant's page under /placement/ and program staff's page for one
participant under /staff/placements/<participant public_id>/."""

from django.urls import path

from checkins.placement import views

app_name = "placements"
urlpatterns = [
    path("placement/", views.mine, name="mine"),
    path("placement/correct/", views.correct, name="correct"),
    path("staff/placements/<uuid:public_id>/", views.staff_detail, name="staff_detail"),
    path("staff/placements/<uuid:public_id>/correct/", views.staff_correct, name="staff_correct"),
    path("staff/placements/<uuid:public_id>/end/", views.staff_end, name="staff_end"),
    path("staff/placements/<uuid:public_id>/pause/", views.staff_pause, name="staff_pause"),
    path("staff/placements/<uuid:public_id>/resume/", views.staff_resume, name="staff_resume"),
]
