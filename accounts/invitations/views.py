"""The pages behind an invitation link, shared by the apps that invite (sponsors, peer
mentors): who invites and the way in (sign in or create an account with the invited
address; allauth's pages come back through `next`), then accept."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cpse.ratelimit import client_ip, rate_limited

# One calm page for every invitation link that does not work, whichever app invited.
CLOSED_TEMPLATE = "accounts/invitation_closed.html"


def invitation_page(
    request,
    *,
    token: str,
    find,
    error: type[Exception],
    template: str,
    accept_url: str,
    scope: str,
):
    """The invitation's page (GET), or the same calm page for every link that does not work."""
    if rate_limited(scope=scope, key=client_ip(request), limit=30, seconds=3600):
        return render(
            request, CLOSED_TEMPLATE, {"message": _("Too many attempts. Please try again in an hour.")}, status=429
        )
    try:
        invitation = find(token)
    except error as closed:
        return render(request, CLOSED_TEMPLATE, {"message": str(closed)}, status=404)
    here = urlencode({"next": request.path}, safe="/")
    user = request.user
    return render(
        request,
        template,
        {
            "invitation": invitation,
            "accept_url": accept_url,
            "login_url": f"{reverse('account_login')}?{here}",
            "signup_url": f"{reverse('account_signup')}?{here}",
            "logout_url": f"{reverse('account_logout')}?{here}",
            "wrong_email": user.is_authenticated and user.email.lower() != invitation.email.lower(),
        },
    )


def invitation_accept_page(request, *, token: str, accept, error: type[Exception], page_url: str):
    """Accept (POST): `accept(token, user)` returns what was granted, or a redirect to the
    page to sign in first / with the right address. Returns (granted, response)."""
    if not request.user.is_authenticated:
        return None, redirect(f"{reverse('account_login')}?{urlencode({'next': page_url})}")
    try:
        granted = accept(token=token, user=request.user)
    except error as refused:
        if getattr(refused, "code", "") == "wrong_email":
            messages.error(request, str(refused))
            return None, redirect(page_url)
        return None, render(request, CLOSED_TEMPLATE, {"message": str(refused)}, status=404)
    # The roles were read before the grant: read them again on the next use.
    request.user.__dict__.pop("_role_names", None)
    return granted, None
