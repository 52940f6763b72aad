from django.urls import path

from applications import staff_views

app_name = "applications_staff"
urlpatterns = []
