"""The participant's exam: their exam page, and each of their attempts by its public id."""

from django.urls import path

from requirements_tracking.exam import views

app_name = "exam"
urlpatterns = [
    path("exam/", views.mine, name="mine"),
    path("exam/start/", views.start, name="start"),
    path("exam/attempts/<uuid:public_id>/", views.take, name="take"),
    path("exam/attempts/<uuid:public_id>/save/", views.save, name="save"),
    path("exam/attempts/<uuid:public_id>/review/", views.review, name="review"),
    path("exam/attempts/<uuid:public_id>/submit/", views.submit, name="submit"),
    path("exam/attempts/<uuid:public_id>/result/", views.result, name="result"),
]
