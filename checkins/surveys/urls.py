"""Evaluation surveys: answered anonymously, shown as aggregates."""

from django.urls import path

from checkins.surveys import views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.mine, name="mine"),
    path("surveys/<slug:survey>/", views.survey, name="survey"),
    path("surveys/<slug:survey>/no-thanks/", views.decline, name="decline"),
    path("surveys/<slug:survey>/thank-you/", views.thanks, name="thanks"),
    path("staff/surveys/", views.staff_index, name="staff_index"),
    path("staff/surveys/<int:cohort_id>/", views.staff_cohort, name="staff_cohort"),
    path("staff/surveys/<int:cohort_id>/results.csv", views.staff_download, name="staff_download"),
    path("staff/surveys/<int:cohort_id>/summary.pdf", views.staff_pdf, name="staff_pdf"),
]
