"""Supervision contracts and logs, for the practicum and the placement year: the
participant's pages under /supervision/, the supervisor's under /supervisor/ (one-time
link or signed in), and staff's under /staff/supervision/."""

from django.urls import path

from checkins.supervision import views

app_name = "supervision"
urlpatterns = [
    path("supervision/", views.mine, name="mine"),
    path("supervision/sessions/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("supervision/sessions/<uuid:public_id>/delete/", views.delete, name="delete"),
    path("supervision/<str:setting>/contract/", views.contract, name="contract"),
    path("supervision/<str:setting>/agree/", views.agree, name="agree"),
    path("supervision/<str:setting>/resend/", views.resend, name="resend"),
    path("supervision/<str:setting>/log/", views.log, name="log"),
    path("supervisor/contracts/", views.supervise, name="supervise"),
    path("supervisor/contracts/<uuid:public_id>/agree/", views.supervise_agree, name="supervise_agree"),
    path("supervisor/<str:token>/", views.link, name="link"),
    path("supervisor/<str:token>/agree/", views.link_agree, name="link_agree"),
    path("staff/supervision/<uuid:public_id>/", views.staff_participant, name="staff_participant"),
    path("staff/supervision/contracts/<uuid:public_id>/resend/", views.staff_resend, name="staff_resend"),
]
