"""The participant record: everything about one participant, for program staff, on a few
pages (`selectors.TABS`), and its history."""

from django.urls import path

from dashboard.record import views

app_name = "participant_record"
urlpatterns = [
    path("<uuid:public_id>/", views.record, name="record"),
    path("<uuid:public_id>/placement/", views.placement, name="placement"),
    path("<uuid:public_id>/fees/", views.fees, name="fees"),
    path("<uuid:public_id>/standards/", views.standards, name="standards"),
    path("<uuid:public_id>/timeline/", views.timeline, name="timeline"),
    path("<uuid:public_id>/history/", views.history, name="history"),
]
