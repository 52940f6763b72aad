"""Program staff pages for cohorts, requirement sets and participants, under /staff/cohorts/."""

from django.urls import path

from cohorts import staff_views

app_name = "cohorts_staff"
urlpatterns = [
    path("", staff_views.cohort_list, name="cohort_list"),
    path("new/", staff_views.cohort_create, name="cohort_create"),
    path("<int:pk>/", staff_views.cohort_detail, name="cohort_detail"),
    path("<int:pk>/edit/", staff_views.cohort_edit, name="cohort_edit"),
    path("participants/<uuid:public_id>/", staff_views.participant_detail, name="participant_detail"),
    path("participants/<uuid:public_id>/leave/", staff_views.participant_leave, name="participant_leave"),
    path("participants/<uuid:public_id>/return/", staff_views.participant_return, name="participant_return"),
    path("participants/<uuid:public_id>/withdraw/", staff_views.participant_withdraw, name="participant_withdraw"),
    path("participants/<uuid:public_id>/transfer/", staff_views.participant_transfer, name="participant_transfer"),
    path("requirement-sets/", staff_views.requirement_set_list, name="requirement_set_list"),
    path("requirement-sets/<int:pk>/copy/", staff_views.requirement_set_copy, name="requirement_set_copy"),
    path("requirement-sets/<int:pk>/edit/", staff_views.requirement_set_edit, name="requirement_set_edit"),
]
