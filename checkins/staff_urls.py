from django.urls import path

from checkins import staff_views

app_name = "checkins_staff"
urlpatterns = [
    path("concerns/<uuid:public_id>/", staff_views.concern_detail, name="concern"),
]
