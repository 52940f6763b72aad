"""Staff's dashboard topics, one include per topic, each at its prefix (the home page,
the audit log and the erasure requests keep their first namespace, `dashboard`)."""

from django.urls import include, path

urlpatterns = [
    path("staff/", include("dashboard.home.urls")),
    path("staff/reports/", include("dashboard.reports.urls")),
    path("staff/participants/", include("dashboard.record.urls")),
    path("staff/bulk/", include("dashboard.bulk.urls")),
    path("staff/search/", include("dashboard.search.urls")),
    path("calendar/", include("dashboard.calendar.urls")),
]
