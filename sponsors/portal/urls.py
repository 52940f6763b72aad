from django.urls import path

from sponsors.portal import views

app_name = "sponsors"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("participants/<uuid:public_id>/", views.participant, name="participant"),
    path("participants/<uuid:public_id>/progress/", views.participant_progress, name="participant_progress"),
    path("impact-summary.csv", views.impact_download, name="impact_download"),
    path("impact-summary.pdf", views.impact_pdf, name="impact_pdf"),
]
