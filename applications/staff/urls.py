"""Program staff pages for applications, under /staff/applications/."""

from django.urls import path

from applications.staff import views

app_name = "applications_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("interviews/", views.interviews, name="interviews"),
    path("interviews/new/", views.interview_slot_create, name="interview_slot_create"),
    path("interviews/new-several/", views.interview_slot_series, name="interview_slot_series"),
    path("interviews/<uuid:public_id>/panel/", views.interview_panel, name="interview_panel"),
    path("interviews/<uuid:public_id>/edit/", views.interview_slot_edit, name="interview_slot_edit"),
    path("interviews/<uuid:public_id>/delete/", views.interview_slot_delete, name="interview_slot_delete"),
    path("decision-messages/", views.decision_templates, name="decision_templates"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/education-document/", views.education_document, name="education_document"),
    path("<uuid:public_id>/review/", views.mark_under_review, name="mark_under_review"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path("<uuid:public_id>/decision/", views.decision, name="decision"),
    path("<uuid:public_id>/decide/", views.decide, name="decide"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:public_id>/notes/", views.note_add, name="note_add"),
    path("<uuid:public_id>/recommendation/", views.recommendation_contact, name="recommendation_contact"),
    path("<uuid:public_id>/recommender/verify/", views.recommender_verify, name="recommender_verify"),
    path("<uuid:public_id>/appeal/", views.appeal_decide, name="appeal_decide"),
    path("<uuid:public_id>/score/", views.score, name="score"),
    path("<uuid:public_id>/interview/move/", views.interview_move, name="interview_move"),
    path("<uuid:public_id>/interview/cancel/", views.interview_cancel, name="interview_cancel"),
    path("<uuid:public_id>/interview/missed/", views.interview_missed, name="interview_missed"),
    path("<uuid:public_id>/interview.ics", views.interview_calendar, name="interview_calendar"),
]
