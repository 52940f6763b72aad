from django.urls import path

from cpse.notify import views

app_name = "notify_staff"
urlpatterns = [
    path("", views.log, name="log"),
    path("<uuid:notification_id>/resend/", views.resend, name="resend"),
]
