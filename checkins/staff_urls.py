from django.urls import path

from checkins import staff_views

app_name = "checkins_staff"
urlpatterns = [
    path("", staff_views.board, name="board"),
    path("participants/<uuid:public_id>/", staff_views.participant_history, name="participant"),
    path("check-ins/<uuid:public_id>/reviewed/", staff_views.checkin_reviewed, name="checkin_reviewed"),
    path("concerns/<uuid:public_id>/", staff_views.concern_detail, name="concern"),
    path("concerns/<uuid:public_id>/follow-up/", staff_views.concern_follow_up, name="concern_follow_up"),
    path("concerns/<uuid:public_id>/close/", staff_views.concern_close, name="concern_close"),
    path("concerns/<uuid:public_id>/reopen/", staff_views.concern_reopen, name="concern_reopen"),
    path("keywords/", staff_views.keywords, name="keywords"),
    path("keywords/active/", staff_views.keyword_active, name="keyword_active"),
]
