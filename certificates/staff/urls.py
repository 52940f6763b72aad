"""Program staff's certificate pages, under /staff/certificates/."""

from django.urls import path

from certificates.staff import views

app_name = "certificates_staff"
urlpatterns = [
    path("", views.cohort, name="cohort"),
    path("issue/<uuid:public_id>/", views.issue, name="issue"),
    path("batches/", views.batch_start, name="batch_start"),
    path("batches/<uuid:public_id>/", views.batch, name="batch"),
    path("batches/<uuid:public_id>/progress/", views.batch_progress, name="batch_progress"),
    path("graduation/", views.graduation, name="graduation"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/revoke/", views.revoke, name="revoke"),
    path("<uuid:public_id>/reissue/", views.reissue, name="reissue"),
]
