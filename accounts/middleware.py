from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

# Pages a person who still has to set up two-factor authentication may open.
_MFA_SETUP_PREFIXES = ("/accounts/", "/i18n/", "/static/")


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
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
