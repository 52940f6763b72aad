from django.urls import path

from cohorts import views

app_name = "cohorts"
urlpatterns = [
    path("", views.program_home, name="program_home"),
    path("my-program/", views.my_program, name="my_program"),
    path("help/", views.help_and_support, name="help"),
]
