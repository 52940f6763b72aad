"""Continuing education: the graduate's hours under /my-certificate/continuing-education/,
and program staff's queue under /staff/certificates/continuing-education/."""

from django.urls import path

from certificates.continuing_education import views

app_name = "continuing_education"
urlpatterns = [
    path("my-certificate/continuing-education/", views.mine, name="mine"),
    path("my-certificate/continuing-education/new/", views.create, name="create"),
    path("my-certificate/continuing-education/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("my-certificate/continuing-education/<uuid:public_id>/delete/", views.delete, name="delete"),
    path("my-certificate/continuing-education/<uuid:public_id>/evidence/", views.evidence, name="evidence"),
    path("staff/certificates/continuing-education/", views.queue, name="queue"),
    path("staff/certificates/continuing-education/<uuid:public_id>/", views.review, name="review"),
    path("staff/certificates/continuing-education/<uuid:public_id>/approve/", views.approve, name="approve"),
    path("staff/certificates/continuing-education/<uuid:public_id>/return/", views.return_entry, name="return"),
]
