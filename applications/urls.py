from django.urls import path

from applications import views

app_name = "applications"
urlpatterns = [
    path("interest/", views.interest, name="interest"),
    path("interest/thanks/", views.interest_thanks, name="interest_thanks"),
    path("apply/", views.my_application, name="mine"),
    path("apply/start/", views.start, name="start"),
    path("apply/step/<slug:step>/", views.step, name="step"),
    path("apply/interview/<uuid:slot_id>/book/", views.book_interview, name="book_interview"),
    path("apply/interview/change/", views.interview_change, name="interview_change"),
    path("apply/interview/<uuid:slot_id>/move/", views.interview_move, name="interview_move"),
    path("apply/interview/cancel/", views.interview_cancel, name="interview_cancel"),
    path("apply/interview.ics", views.interview_calendar, name="interview_calendar"),
    path("apply/withdraw/", views.withdraw, name="withdraw"),
    path("apply/appeal/", views.appeal, name="appeal"),
    # The token is random, single-use and expires; it names nobody.
    path("recommend/<str:token>/", views.recommend, name="recommend"),
]
