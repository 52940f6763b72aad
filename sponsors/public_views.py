"""Public pages: the "sponsor a survivor" form, and the invitation link to the portal."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cpse.forms import posted
from cpse.ratelimit import client_ip, rate_limited
from sponsors import services
from sponsors.forms import LeadForm

CLOSED_TEMPLATE = "sponsors/invitation_closed.html"


@sensitive_post_parameters("email", "phone", "message")
@require_http_methods(["GET", "POST"])
def lead_form(request):
    form = LeadForm(posted(request))
    if request.method == "POST":
        if rate_limited(scope="sponsor-lead", key=client_ip(request), limit=10, seconds=3600):
            messages.error(request, _("Too many forms were sent from here. Please try again in an hour."))
            return render(request, "sponsors/lead_form.html", {"form": form}, status=429)
        if form.is_valid():
            if not form.is_automated:
                services.lead_create(**{k: v for k, v in form.cleaned_data.items() if k != "website"})
            return redirect("sponsors_public:lead_thanks")
    return render(request, "sponsors/lead_form.html", {"form": form})


@require_GET
def lead_thanks(request):
    return render(request, "sponsors/lead_thanks.html")


def _closed(request, error: services.InvitationError):
    return render(request, CLOSED_TEMPLATE, {"message": str(error)}, status=404)


@never_cache
@require_GET
def invitation(request, token):
    """Who invites, and the way in: sign in (or create an account) with the invited
    address, then accept. allauth's own pages come back here through `next`."""
    if rate_limited(scope="sponsor-invitation", key=client_ip(request), limit=30, seconds=3600):
        return render(
            request, CLOSED_TEMPLATE, {"message": _("Too many attempts. Please try again in an hour.")}, status=429
        )
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationError as error:
        return _closed(request, error)
    here = urlencode({"next": request.path}, safe="/")
    user = request.user
    return render(
        request,
        "sponsors/invitation.html",
        {
            "invitation": invitation,
            "token": token,
            "login_url": f"{reverse('account_login')}?{here}",
            "signup_url": f"{reverse('account_signup')}?{here}",
            "logout_url": f"{reverse('account_logout')}?{here}",
            "wrong_email": user.is_authenticated and user.email.lower() != invitation.email.lower(),
        },
    )


@require_POST
def invitation_accept(request, token):
    if not request.user.is_authenticated:
        return redirect(
            f"{reverse('account_login')}?{urlencode({'next': reverse('sponsors_public:invitation', args=[token])})}"
        )
    try:
        member = services.invitation_accept(token=token, user=request.user)
    except services.InvitationError as error:
        if error.code == "wrong_email":
            messages.error(request, str(error))
            return redirect("sponsors_public:invitation", token=token)
        return _closed(request, error)
    messages.success(request, _("Welcome. You now sign in for %(name)s.") % {"name": member.sponsor.name})
    # The portal asks for two-step sign-in first (accounts.middleware.MFARequiredMiddleware).
    return redirect("sponsors:portal")
