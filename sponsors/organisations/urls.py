from django.urls import path

from sponsors.organisations import views

app_name = "sponsors_staff"
urlpatterns = [
    path("", views.sponsor_list, name="list"),
    path("new/", views.sponsor_create, name="create"),
    path("leads/", views.lead_list, name="leads"),
    path("leads/<uuid:public_id>/", views.lead_detail, name="lead_detail"),
    path("<uuid:public_id>/", views.sponsor_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.sponsor_edit, name="edit"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path("<uuid:public_id>/invitations/resend/", views.invitation_resend, name="invitation_resend"),
    path("<uuid:public_id>/invitations/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("<uuid:public_id>/members/remove/", views.member_remove, name="member_remove"),
]
