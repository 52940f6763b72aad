"""The interest list, for program staff (under staff/interest/)."""

from django.urls import path

from applications.interest import views

app_name = "interest"
urlpatterns = [
    path("", views.interest_list, name="list"),
    path("interest-list.csv", views.interest_csv, name="csv"),
    path("call-or-text/", views.call_or_text, name="call_or_text"),
    path("<uuid:public_id>/invite-again/", views.invite_again, name="invite_again"),
    path("<uuid:public_id>/contacted/", views.mark_contacted, name="mark_contacted"),
    path("<uuid:public_id>/remove/", views.remove, name="remove"),
]
