from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts.decorators import recent_authentication_required

# The admin is a back office for superusers; its login goes through allauth (and so MFA).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "CPSE back office"
admin.site.site_title = "CPSE back office"
# A database that cannot answer gets a 503 page with Retry-After, not a 500 (cpse.unavailable).
handler500 = "cpse.unavailable.server_error"

urlpatterns = [
    path("", include("cohorts.urls")),
    path("", include("applications.urls")),
    path("staff/applications/", include("applications.staff.urls")),
    path("staff/interest/", include("applications.interest.urls")),
    # hours/, staff/hours/, hours/sessions/, practicum/, exam/, staff/exam/, ethics/, readiness/ …
    path("", include("requirements_tracking.urls")),
    path("staff/cohorts/", include("cohorts.staff.urls")),
    # my-certificate/, verify/, staff/certificates/
    path("", include("certificates.urls")),
    # Before allauth's own: its email and password pages, at their own paths and names,
    # asking for a recent authentication first (accounts.decorators).
    path("accounts/email/", recent_authentication_required(allauth_views.email), name="account_email"),
    path(
        "accounts/password/change/",
        recent_authentication_required(allauth_views.password_change),
        name="account_change_password",
    ),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    # check-ins/, staff/check-ins/, placement/, supervision/, supervisor/, surveys/ …
    path("", include("checkins.urls")),
    # sponsor/, sponsor/billing/, my-sponsors/, my-fee/, staff/sponsors/, staff/finance/, sponsor-a-survivor/ …
    path("", include("sponsors.urls")),
    path("staff/messages/", include("cpse.notify.urls")),
    # healthz: for monitoring, no session, no personal data
    path("", include("cpse.ops.urls")),
    path("", include("applications.access.urls")),
    path("", include("mentorship.urls")),
    # staff/, staff/reports/, staff/participants/, staff/bulk/, staff/search/
    path("", include("dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("back-office/", admin.site.urls),
]
