"""The participant's exam: their exam page, and each of their attempts by its public id."""

from django.urls import path

from requirements_tracking import exam_views

app_name = "exam"
urlpatterns = [
    path("exam/", exam_views.mine, name="mine"),
    path("exam/start/", exam_views.start, name="start"),
    path("exam/attempts/<uuid:public_id>/", exam_views.take, name="take"),
    path("exam/attempts/<uuid:public_id>/save/", exam_views.save, name="save"),
    path("exam/attempts/<uuid:public_id>/review/", exam_views.review, name="review"),
    path("exam/attempts/<uuid:public_id>/submit/", exam_views.submit, name="submit"),
    path("exam/attempts/<uuid:public_id>/result/", exam_views.result, name="result"),
]
