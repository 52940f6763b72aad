"""The participant record: everything about one participant, for program staff."""

from django.urls import path

from dashboard.record import views

app_name = "participant_record"
urlpatterns = [
    path("<uuid:public_id>/", views.record, name="record"),
    path("<uuid:public_id>/history/", views.history, name="history"),
]
