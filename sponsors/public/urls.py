from django.urls import path

from sponsors.public import views

app_name = "sponsors_public"
urlpatterns = [
    path("sponsor-a-survivor/", views.lead_form, name="lead_form"),
    path("sponsor-a-survivor/thank-you/", views.lead_thanks, name="lead_thanks"),
    path("sponsor-invitation/<str:token>/", views.invitation, name="invitation"),
    path("sponsor-invitation/<str:token>/accept/", views.invitation_accept, name="invitation_accept"),
]
