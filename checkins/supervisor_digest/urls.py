"""A supervisor's list of what waits for them: by the private link in their daily email
(`supervising/<token>/`) or signed in (`supervising/`)."""

from django.urls import path

from checkins.supervisor_digest import views

app_name = "supervisor_digest"
urlpatterns = [
    path("supervising/", views.mine, name="mine"),
    path("supervising/hours/<uuid:public_id>/", views.mine_hours, name="mine_hours"),
    path("supervising/contracts/<uuid:public_id>/", views.mine_contract, name="mine_contract"),
    path("supervising/<str:token>/", views.link, name="link"),
    path("supervising/<str:token>/hours/<uuid:public_id>/", views.link_hours, name="link_hours"),
    path("supervising/<str:token>/contracts/<uuid:public_id>/", views.link_contract, name="link_contract"),
]
