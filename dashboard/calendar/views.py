"""The person's private calendar feed (/calendar/): a page to make the secret address (or
a new one, which ends the old), and the feed itself, opened by calendar apps without
signing in. The full address is shown once, right after it is made: the page receives it
through the session (encrypted) and forgets it as soon as it is shown."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST, require_safe

from cpse.crypto import decrypt_text, encrypt_text
from cpse.ical import calendar_text
from dashboard.calendar import selectors, services

NEW_LINK = "calendar_feed_new_link"


@require_GET
@login_required
def index(request):
    kept = request.session.pop(NEW_LINK, None)
    link = request.build_absolute_uri(reverse("calendar:feed", args=[decrypt_text(kept)])) if kept else ""
    return render(
        request,
        "dashboard/calendar/index.html",
        {"link": link, "has_feed": bool(link) or selectors.has_feed(request.user)},
    )


@require_GET
@login_required
def reset_confirm(request):
    """Asks before ending the old address (a page: the site's CSP allows no inline script)."""
    if not selectors.has_feed(request.user):
        return redirect("calendar:index")
    return render(request, "dashboard/calendar/reset.html")


@sensitive_variables("token")
@require_POST
@login_required
def link_new(request):
    token = services.calendar_feed_reset(user=request.user)
    request.session[NEW_LINK] = encrypt_text(token)
    return redirect("calendar:index")


@sensitive_variables("token")
@never_cache
@require_safe
def feed(request, token):
    """The feed: a wrong, old or made-up token gets a plain 404. `never_cache` makes it
    private (no shared cache keeps it); X-Robots-Tag keeps it out of search engines."""
    owner = selectors.feed_owner(token)
    if owner is None:
        raise Http404
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        text = calendar_text(selectors.feed_events(owner), name=_("CPSE calendar"))
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
