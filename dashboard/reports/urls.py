"""Reports for staff and funders: aggregates only; exact for program staff, small cells
suppressed in what funders get."""

from django.urls import path

from dashboard.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("funder-summary.pdf", views.funder_pdf, name="funder_pdf"),
    path("<slug:report>.csv", views.download, name="download"),
    path("for-funders/<slug:report>.csv", views.funder_download, name="funder_download"),
]
