"""Observed practice: staff pages under /staff/observed-practice/, the participant's own
page under /hours/observed-practice/."""

from django.urls import path

from requirements_tracking import competency_views

app_name = "competency"
urlpatterns = [
    path("hours/observed-practice/", competency_views.mine, name="mine"),
    path("staff/observed-practice/", competency_views.overview, name="overview"),
    path("staff/observed-practice/<uuid:public_id>/", competency_views.checklist, name="checklist"),
]
