"""The participant's own hours, under /hours/."""

from django.urls import path

from requirements_tracking.hours import views

app_name = "requirements_tracking"
urlpatterns = [
    path("", views.my_hours, name="mine"),
    path("new/", views.entry_create, name="entry_create"),
    path("<uuid:public_id>/edit/", views.entry_edit, name="entry_edit"),
]
