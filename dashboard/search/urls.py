"""Staff search."""

from django.urls import path

from dashboard.search import views

app_name = "search"
urlpatterns = [
    path("", views.index, name="index"),
]
