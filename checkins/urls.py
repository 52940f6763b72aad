"""The check-in topics' pages, one include per topic (the monthly check-ins and staff's
board keep their first namespaces, `checkins` and `checkins_staff`)."""

from django.urls import include, path

urlpatterns = [
    path("check-ins/", include("checkins.monthly.urls")),
    path("staff/check-ins/", include("checkins.board.urls")),
    # Each topic below holds its own prefixes: the participant's and staff's side by side.
    path("", include("checkins.placement.urls")),  # placement/, staff/placements/
    path("", include("checkins.supervision.urls")),  # supervision/, supervisor/, staff/supervision/
    path("", include("checkins.supervisor_digest.urls")),  # supervising/ (a supervisor's list)
    path("", include("checkins.surveys.urls")),  # surveys/, staff/surveys/
]
