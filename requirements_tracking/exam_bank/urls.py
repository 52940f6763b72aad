"""The final exam's set-up for staff: the question bank, the competencies, each cohort's
exam and the participants' accommodations, under /staff/exam/."""

from django.urls import path

from requirements_tracking.exam_bank import views

app_name = "exam_bank"
urlpatterns = [
    path("staff/exam/", views.exam_list, name="exam_list"),
    path("staff/exam/new/", views.exam_create, name="exam_create"),
    path("staff/exam/<uuid:public_id>/", views.exam_detail, name="exam_detail"),
    path("staff/exam/<uuid:public_id>/edit/", views.exam_edit, name="exam_edit"),
    path(
        "staff/exam/<uuid:public_id>/accommodations/<uuid:participant_id>/",
        views.accommodation_edit,
        name="accommodation_edit",
    ),
    path("staff/exam/questions/", views.question_list, name="question_list"),
    path("staff/exam/questions/new/", views.question_create, name="question_create"),
    path("staff/exam/questions/<uuid:public_id>/", views.question_detail, name="question_detail"),
    path("staff/exam/questions/<uuid:public_id>/edit/", views.question_edit, name="question_edit"),
    path("staff/exam/questions/<uuid:public_id>/retire/", views.question_retire, name="question_retire"),
    path("staff/exam/questions/<uuid:public_id>/restore/", views.question_restore, name="question_restore"),
    path("staff/exam/competencies/", views.competency_list, name="competency_list"),
    path("staff/exam/competencies/<int:pk>/", views.competency_edit, name="competency_edit"),
    path("staff/exam/competencies/<int:pk>/delete/", views.competency_delete, name="competency_delete"),
]
