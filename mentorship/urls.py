"""Peer mentorship: the mentor's pages, the participant's, and staff's."""

from django.urls import path

from mentorship import views
from mentorship.staff import views as staff_views

app_name = "mentorship"
urlpatterns = [
    # The mentor
    path("mentor/", views.portal, name="portal"),
    path("mentor/mentees/<uuid:public_id>/", views.mentee, name="mentee"),
    path("mentor/mentees/<uuid:public_id>/<slug:share>/", views.mentee_shared, name="mentee_shared"),
    path("mentor/meetings/<uuid:public_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("mentor/meetings/<uuid:public_id>/delete/", views.meeting_delete, name="meeting_delete"),
    path("mentor/hours/", views.hours, name="hours"),
    path("mentor/volunteer/", views.volunteer, name="volunteer"),
    path("mentor-invitation/<str:token>/", views.invitation, name="invitation"),
    path("mentor-invitation/<str:token>/accept/", views.invitation_accept, name="invitation_accept"),
    # The participant
    path("my-mentor/", views.mine, name="mine"),
    # Staff
    path("staff/mentors/", staff_views.mentor_list, name="staff_list"),
    path("staff/mentors/add/", staff_views.mentor_add, name="staff_add"),
    path("staff/mentors/pair/", staff_views.pair, name="staff_pair"),
    path("staff/mentors/volunteers/", staff_views.volunteers, name="staff_volunteers"),
    path(
        "staff/mentors/volunteers/<uuid:public_id>/accept/",
        staff_views.volunteer_accept,
        name="staff_volunteer_accept",
    ),
    path(
        "staff/mentors/volunteers/<uuid:public_id>/decline/",
        staff_views.volunteer_decline,
        name="staff_volunteer_decline",
    ),
    path("staff/mentors/pairings/<uuid:public_id>/end/", staff_views.pairing_end, name="staff_pairing_end"),
    path("staff/mentors/payments/", staff_views.payments, name="staff_payments"),
    path("staff/mentors/<uuid:public_id>/", staff_views.mentor_detail, name="staff_detail"),
    path("staff/mentors/<uuid:public_id>/pay/", staff_views.payment_record, name="staff_payment_record"),
]
