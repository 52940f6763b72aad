import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cpse.forms import UNSAVED_INPUT, keep_unsaved_input, unsaved_input_discard_unless_owner

SESSION_STARTED = "cpse_session_started"
SESSION_SEEN = "cpse_session_seen"

# Pages a person who still has to set up two-factor authentication may open.
_MFA_SETUP_PREFIXES = ("/accounts/", "/i18n/", "/static/")


def _has_totp(user) -> bool:
    # Read with the user in the same query (accounts.backends); asked here otherwise.
    known = getattr(user, "has_totp", None)
    if known is not None:
        return known
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MFARequiredMiddleware:
    """Staff and sponsors must set up two-factor authentication before anything else.

    allauth asks for the second factor at every login once it is set up; this makes
    setting it up unavoidable for the roles that need it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.mfa_required
            and not request.path.startswith(_MFA_SETUP_PREFIXES)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request, and after
    SESSION_ABSOLUTE_SECONDS in all, whatever happens (a shared or lost device).

    Activity is written at most once a minute so that pages do not write the session on
    every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                owner_id = request.user.pk
                logout(request)
                if request.path == reverse("accounts:leave"):
                    # The quick exit's beacon: the session is over, and nothing of it
                    # (what she typed included) is carried into a new one.
                    return self.get_response(request)
                keep_unsaved_input(request, owner_id=owner_id)
                messages.info(request, _("You were signed out to protect your privacy. Everything you saved is kept."))
                return redirect_to_login(request.get_full_path())
            if now - seen >= 60 or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
            if UNSAVED_INPUT in session:
                unsaved_input_discard_unless_owner(request)
        return self.get_response(request)
