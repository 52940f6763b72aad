"""Program staff pages for cohorts, requirement sets and participants, under /staff/cohorts/."""

from django.urls import path

from cohorts.staff import views

app_name = "cohorts_staff"
urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("new/", views.cohort_create, name="cohort_create"),
    path("<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("<int:pk>/preview/", views.cohort_preview, name="cohort_preview"),
    path("participants/<uuid:public_id>/", views.participant_detail, name="participant_detail"),
    path("participants/<uuid:public_id>/leave/", views.participant_leave, name="participant_leave"),
    path("participants/<uuid:public_id>/return/", views.participant_return, name="participant_return"),
    path("participants/<uuid:public_id>/withdraw/", views.participant_withdraw, name="participant_withdraw"),
    path("participants/<uuid:public_id>/transfer/", views.participant_transfer, name="participant_transfer"),
    path("requirement-sets/", views.requirement_set_list, name="requirement_set_list"),
    path("requirement-sets/<int:pk>/copy/", views.requirement_set_copy, name="requirement_set_copy"),
    path("requirement-sets/<int:pk>/edit/", views.requirement_set_edit, name="requirement_set_edit"),
]
