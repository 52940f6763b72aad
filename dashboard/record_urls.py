"""The participant record: everything about one participant, for program staff."""

from django.urls import path

from dashboard import record_views

app_name = "participant_record"
urlpatterns = [
    path("<uuid:public_id>/", record_views.record, name="record"),
    path("<uuid:public_id>/history/", record_views.history, name="history"),
]
