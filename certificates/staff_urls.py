"""Program staff's certificate pages, under /staff/certificates/."""

from django.urls import path

from certificates import staff_views

app_name = "certificates_staff"
urlpatterns = [
    path("", staff_views.cohort, name="cohort"),
    path("issue/<uuid:public_id>/", staff_views.issue, name="issue"),
    path("batches/", staff_views.batch_start, name="batch_start"),
    path("batches/<uuid:public_id>/", staff_views.batch, name="batch"),
    path("batches/<uuid:public_id>/progress/", staff_views.batch_progress, name="batch_progress"),
    path("graduation/", staff_views.graduation, name="graduation"),
    path("<uuid:public_id>/", staff_views.detail, name="detail"),
    path("<uuid:public_id>/revoke/", staff_views.revoke, name="revoke"),
    path("<uuid:public_id>/reissue/", staff_views.reissue, name="reissue"),
]
