"""Public pages: the "sponsor a survivor" form, and the invitation link to the portal."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.invitations.views import invitation_accept_page, invitation_page
from cpse.forms import posted
from cpse.ratelimit import client_ip, rate_limited
from sponsors.errors import InvitationError
from sponsors.organisations import services
from sponsors.public.forms import LeadForm


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


@never_cache
@require_GET
def invitation(request, token):
    return invitation_page(
        request,
        token=token,
        find=services.invitation_for_token,
        error=InvitationError,
        template="sponsors/invitation.html",
        accept_url=reverse("sponsors_public:invitation_accept", args=[token]),
        scope="sponsor-invitation",
    )


@require_POST
def invitation_accept(request, token):
    member, response = invitation_accept_page(
        request,
        token=token,
        accept=services.invitation_accept,
        error=InvitationError,
        page_url=reverse("sponsors_public:invitation", args=[token]),
    )
    if response:
        return response
    messages.success(request, _("Welcome. You now sign in for %(name)s.") % {"name": member.sponsor.name})
    # The portal asks for two-step sign-in first (accounts.middleware.MFARequiredMiddleware).
    return redirect("sponsors:portal")
