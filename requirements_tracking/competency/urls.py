"""Observed practice: staff pages under /staff/observed-practice/, the participant's own
page under /hours/observed-practice/."""

from django.urls import path

from requirements_tracking.competency import views

app_name = "competency"
urlpatterns = [
    path("hours/observed-practice/", views.mine, name="mine"),
    path("staff/observed-practice/", views.overview, name="overview"),
    path("staff/observed-practice/<uuid:public_id>/", views.checklist, name="checklist"),
]
