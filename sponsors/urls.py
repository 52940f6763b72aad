from django.urls import path

from sponsors import views

app_name = "sponsors"
urlpatterns = [path("", views.portal, name="portal")]
