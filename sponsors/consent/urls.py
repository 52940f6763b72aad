from django.urls import path

from sponsors.consent import views

app_name = "sponsors_consent"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:public_id>/", views.save, name="save"),
]
