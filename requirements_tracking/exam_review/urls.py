"""After the exam: staff scoring under /staff/exam/scoring/, attempts and remediation
under /staff/exam/attempts/, appeals under /staff/exam/appeals/, and the participant's
appeal page under /exam/attempts/<id>/appeal/."""

from django.urls import path

from requirements_tracking.exam_review import views

app_name = "exam_review"
urlpatterns = [
    path("staff/exam/scoring/", views.queue, name="queue"),
    path("staff/exam/scoring/<int:answer_id>/", views.score, name="score"),
    path("staff/exam/scoring/<int:answer_id>/rescore/", views.rescore, name="rescore"),
    path("staff/exam/attempts/", views.attempts, name="attempts"),
    path("staff/exam/attempts/<uuid:public_id>/", views.attempt, name="attempt"),
    path("staff/exam/attempts/<uuid:public_id>/remediation/", views.remediation, name="remediation"),
    path(
        "staff/exam/attempts/<uuid:public_id>/remediation/complete/",
        views.remediation_complete,
        name="remediation_complete",
    ),
    path("staff/exam/appeals/", views.appeals, name="appeals"),
    path("staff/exam/appeals/<uuid:public_id>/", views.appeal_decide, name="appeal_decide"),
    path("exam/attempts/<uuid:public_id>/appeal/", views.appeal, name="appeal"),
]
