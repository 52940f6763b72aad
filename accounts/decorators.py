"""Decorators for views: who may pass, and when a person must show again that it is them.

Rules chosen here: downloading one's data and changing how one signs in (the email
address, the password) need a recent authentication, within
ACCOUNT_REAUTHENTICATION_TIMEOUT: by password, and by the second step too for those who
have one. A sign-in counts as much as allauth's "confirm it is you" pages do, since both
leave their records in the session. Someone with neither a password nor a second step has
nothing to confirm with and passes (allauth's own rule).
"""

import time
from functools import wraps

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


def role_required(*roles: str):
    """Signed-in people with one of `roles` may pass; others get 403, anonymous → login."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by `view_roles` (and carried up by the decorators above it, which copy it).
        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator


def view_roles(view) -> frozenset[str] | None:
    """The roles `role_required` lets through to `view` (None: it does not ask for a
    role). Lets a page that links to others (staff search) ask the target page's own rule."""
    while view is not None:
        if hasattr(view, "allowed_roles"):
            return view.allowed_roles
        view = getattr(view, "__wrapped__", None)
    return None


def confirmation_step_missing(request) -> str | None:
    """The URL name of the page where the signed-in person still has to confirm it is
    them (the password first, then the second step), or None when both are recent."""
    user = request.user
    since = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    recent = {record["method"] for record in get_authentication_records(request, user) if record["at"] > since}
    if user.has_usable_password() and "password" not in recent:
        return "account_reauthenticate"
    if is_mfa_enabled(user) and "mfa" not in recent:
        return "mfa_reauthenticate"
    return None


def recent_authentication_required(view):
    """Signed-in people who authenticated recently pass; others confirm it is them and
    come back here (a form they were sending is shown again, never kept in the session)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        step = confirmation_step_missing(request)
        if step is not None:
            return redirect_to_login(request.get_full_path(), login_url=reverse(step))
        return view(request, *args, **kwargs)

    return wrapper
