"""The code of ethics: participants read and acknowledge it; staff publish versions."""

from django.urls import path

from requirements_tracking.ethics import views

app_name = "ethics"
urlpatterns = [
    path("ethics/", views.mine, name="mine"),
    path("ethics/acknowledge/", views.acknowledge, name="acknowledge"),
    path("ethics/versions/<int:version>/", views.previous_version, name="version"),
    path("staff/ethics/", views.staff_list, name="staff_list"),
    path("staff/ethics/publish/", views.staff_publish, name="staff_publish"),
    path("staff/ethics/acknowledgments/", views.staff_acknowledgments, name="staff_acknowledgments"),
    path("staff/ethics/<int:pk>/", views.staff_detail, name="staff_detail"),
]
