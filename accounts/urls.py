from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("profile/", views.profile, name="profile"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
]
