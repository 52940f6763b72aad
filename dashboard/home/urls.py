from django.urls import path

from dashboard.home import views
from dashboard.privacy import views as privacy_views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit, name="audit"),
    path("privacy/erasure/", privacy_views.erasure_requests, name="erasure_requests"),
    path("privacy/erasure/<uuid:public_id>/", privacy_views.erasure_request_detail, name="erasure_request"),
    path(
        "privacy/erasure/<uuid:public_id>/confirm/",
        privacy_views.erasure_request_decide,
        {"decision": "confirm"},
        name="erasure_request_confirm",
    ),
    path(
        "privacy/erasure/<uuid:public_id>/cancel/",
        privacy_views.erasure_request_decide,
        {"decision": "cancel"},
        name="erasure_request_cancel",
    ),
]
