from django.urls import path

from applications import views

app_name = "applications"
urlpatterns = []
