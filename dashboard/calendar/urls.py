"""The person's private calendar feed."""

from django.urls import path

from dashboard.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.index, name="index"),
    path("reset/", views.reset_confirm, name="reset_confirm"),
    path("link/", views.link_new, name="link_new"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
