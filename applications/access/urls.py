"""Access needs: recorded once, changed by the person or program staff."""

from django.urls import path

from applications.access import views

app_name = "access_needs"
urlpatterns = [
    path("my-access-needs/", views.mine, name="mine"),
    path("staff/access-needs/<uuid:public_id>/", views.staff_edit, name="staff_edit"),
]
