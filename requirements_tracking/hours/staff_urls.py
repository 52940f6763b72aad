"""Program staff pages for hours, under /staff/hours/."""

from django.urls import path

from requirements_tracking.hours import staff_views

app_name = "requirements_tracking_staff"
urlpatterns = [
    path("", staff_views.inbox, name="inbox"),
    path("approve-selected/", staff_views.approve_selected, name="approve_selected"),
    path("progress/", staff_views.grid, name="grid"),
    path("progress.csv", staff_views.grid_download, name="grid_download"),
    path("<uuid:public_id>/", staff_views.review, name="review"),
    path("<uuid:public_id>/evidence/", staff_views.evidence, name="evidence"),
    path("<uuid:public_id>/approve/", staff_views.approve, name="approve"),
    path("<uuid:public_id>/return/", staff_views.return_entry, name="return"),
]
