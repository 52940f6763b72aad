"""Reports for staff and funders: aggregates only, small cells suppressed."""

from django.urls import path

from dashboard import report_views

app_name = "reports"
urlpatterns = [
    path("", report_views.index, name="index"),
    path("funder-summary.pdf", report_views.funder_pdf, name="funder_pdf"),
    path("<slug:report>.csv", report_views.download, name="download"),
]
