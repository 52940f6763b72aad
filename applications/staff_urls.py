"""Program staff pages for applications, under /staff/applications/."""

from django.urls import path

from applications import staff_views

app_name = "applications_staff"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("interviews/", staff_views.interviews, name="interviews"),
    path("interviews/new/", staff_views.interview_slot_create, name="interview_slot_create"),
    path("interviews/<uuid:public_id>/panel/", staff_views.interview_panel, name="interview_panel"),
    path("decision-messages/", staff_views.decision_templates, name="decision_templates"),
    path("<uuid:public_id>/", staff_views.detail, name="detail"),
    path("<uuid:public_id>/education-document/", staff_views.education_document, name="education_document"),
    path("<uuid:public_id>/review/", staff_views.mark_under_review, name="mark_under_review"),
    path("<uuid:public_id>/invite/", staff_views.invite, name="invite"),
    path("<uuid:public_id>/decision/", staff_views.decision, name="decision"),
    path("<uuid:public_id>/decide/", staff_views.decide, name="decide"),
    path("<uuid:public_id>/withdraw/", staff_views.withdraw, name="withdraw"),
    path("<uuid:public_id>/notes/", staff_views.note_add, name="note_add"),
    path("<uuid:public_id>/recommendation/", staff_views.recommendation_contact, name="recommendation_contact"),
    path("<uuid:public_id>/recommender/verify/", staff_views.recommender_verify, name="recommender_verify"),
    path("<uuid:public_id>/appeal/", staff_views.appeal_decide, name="appeal_decide"),
    path("<uuid:public_id>/score/", staff_views.score, name="score"),
]
