"""Reports for staff and funders: aggregates only, small cells suppressed."""

from django.urls import path

from dashboard.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("funder-summary.pdf", views.funder_pdf, name="funder_pdf"),
    path("<slug:report>.csv", views.download, name="download"),
]
