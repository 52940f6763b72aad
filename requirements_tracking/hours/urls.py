"""The participant's own hours, under /hours/."""

from django.urls import path

from requirements_tracking.hours import views

app_name = "requirements_tracking"
urlpatterns = [
    path("", views.my_hours, name="mine"),
    path("new/", views.entry_create, name="entry_create"),
    path("<uuid:public_id>/edit/", views.entry_edit, name="entry_edit"),
    path("<uuid:public_id>/evidence/", views.entry_evidence, name="entry_evidence"),
    path("<uuid:public_id>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("<uuid:public_id>/withdraw/confirm/", views.entry_withdraw_confirm, name="entry_withdraw_confirm"),
]
