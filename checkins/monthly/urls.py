from django.urls import path

from checkins.monthly import views

app_name = "checkins"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:public_id>/", views.checkin, name="checkin"),
    path("<uuid:public_id>/save/", views.save, name="save"),
    path("<uuid:public_id>/thank-you/", views.thanks, name="thanks"),
]
