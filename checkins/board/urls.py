from django.urls import path

from checkins.board import views

app_name = "checkins_staff"
urlpatterns = [
    path("", views.board, name="board"),
    path("participants/<uuid:public_id>/", views.participant_history, name="participant"),
    path("check-ins/<uuid:public_id>/reviewed/", views.checkin_reviewed, name="checkin_reviewed"),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/<uuid:public_id>/", views.concern_detail, name="concern"),
    path("concerns/<uuid:public_id>/follow-up/", views.concern_follow_up, name="concern_follow_up"),
    path("concerns/<uuid:public_id>/reopen/", views.concern_reopen, name="concern_reopen"),
    path("keywords/", views.keywords, name="keywords"),
    path("keywords/active/", views.keyword_active, name="keyword_active"),
]
