"""allauth's pages that change how a person signs in, at allauth's own paths and names,
asking for a recent authentication first (accounts.decorators). Included before
allauth.urls, so these patterns answer."""

from allauth.account import views as allauth_views
from django.urls import path

from accounts.decorators import recent_authentication_required

urlpatterns = [
    path("email/", recent_authentication_required(allauth_views.email), name="account_email"),
    path(
        "password/change/",
        recent_authentication_required(allauth_views.password_change),
        name="account_change_password",
    ),
]
