"""Small helpers shared by views and forms."""

import json
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from cpse.crypto import decrypt_text, encrypt_text


def posted(request):
    """The submitted data, or None for a GET: a POST with no fields (an unticked box) is
    still a submission and must be validated, which `request.POST or None` would skip."""
    return request.POST if request.method == "POST" else None


def posted_or_restored(request):
    """The submitted data on a POST; on opening the page, what the signed-in person typed
    there before their session ended, once (restore_unsaved_input), or None."""
    return posted(request) if request.method == "POST" else restore_unsaved_input(request)


def redirect_back(request, default: str) -> HttpResponseRedirect:
    """To the page an action came from (the form's `next`: a list with its filter, say)
    when it is on this site, else to the page named `default`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse(default))


def filtered_page_context(request, page, kept: dict) -> dict:
    """A filtered list's page, for its template: `query_prefix` keeps the filter across
    pages (put before "page="), `filtered` says whether one is chosen, and `here` is this
    page of the list, where an action on one of its rows comes back to (`redirect_back`)."""
    query_prefix = f"{urlencode(kept)}&" if kept else ""
    return {
        "page_obj": page,
        "filtered": bool(kept),
        "query_prefix": query_prefix,
        "here": f"{request.path}?{query_prefix}page={page.number}",
    }


def posted_files(request):
    return request.FILES if request.method == "POST" else None


# What a person typed into a form when their session had just ended: kept (encrypted) in
# the new session, and offered back after they sign in again, so a timeout loses nothing.
# It belongs to the person who typed it: offered only to them; anyone else signing in on
# the same browser discards it (accounts.middleware), and so do signing out and the quick
# exit (both end the session). What the quick exit itself carries away from an open form
# is kept elsewhere, for that person only (accounts.kept_input), and offered back the same way.
UNSAVED_INPUT = "cpse_unsaved_input"

# Input kept outside the session: `take(user=, path=)` returns {name: [values]} once, or
# None. Registered, so that this module, below every app, imports none of them.
_unsaved_input_stores: dict[str, Callable[..., dict | None]] = {}


def register_unsaved_input_store(name: str, take: Callable[..., dict | None]) -> None:
    _unsaved_input_stores[name] = take


def keep_unsaved_input(request, *, owner_id: int) -> None:
    if request.method != "POST":
        return
    data = {key: values for key, values in request.POST.lists() if key != "csrfmiddlewaretoken"}
    if data:
        kept = {"owner": owner_id, "path": request.path, "data": data}
        request.session[UNSAVED_INPUT] = encrypt_text(json.dumps(kept))


def _kept(request) -> dict | None:
    token = request.session.get(UNSAVED_INPUT)
    return json.loads(decrypt_text(token)) if token else None


def unsaved_input_discard_unless_owner(request) -> None:
    """A person signed in who did not type the kept input: it is discarded unseen."""
    kept = _kept(request)
    if kept is not None and kept.get("owner") != request.user.pk:
        del request.session[UNSAVED_INPUT]


def restore_unsaved_input(request) -> QueryDict | None:
    """The input the signed-in person kept for this page, once, with a calm note saying
    so; None when there is none."""
    kept = _kept(request)
    if kept is not None and kept.get("owner") == request.user.pk and kept["path"] == request.path:
        del request.session[UNSAVED_INPUT]
        data = kept["data"]
    else:
        found = (take(user=request.user, path=request.path) for take in _unsaved_input_stores.values())
        data = next(filter(None, found), None)
    if data is None:
        return None
    messages.info(
        request, _("You were signed out before this page was saved. We kept what you typed: please check it and save.")
    )
    restored = QueryDict(mutable=True)
    for key, values in data.items():
        restored.setlist(key, values)
    return restored


# A search typed into a list page (a name, an email address) is sent by POST and kept,
# encrypted, in the session; the page's URL carries only a random key that stands for it,
# so browser history, server logs and Referer headers never hold what was typed
# (SECURITY.md: no personal data in URLs). The page's other filters stay in the URL.
KEPT_SEARCHES = "cpse_searches"
KEPT_SEARCHES_MAX = 20
SEARCH_PARAMETER = "search"


def search_redirect(request, to: str, *, term: str, filters: dict) -> HttpResponseRedirect:
    """After a search form was posted: to the page named `to`, with `filters` (those set)
    in its URL and `term` replaced by a key."""
    query = {name: value for name, value in filters.items() if value}
    term = term.strip()
    if term:
        key = secrets.token_urlsafe(12)
        searches = {**request.session.get(KEPT_SEARCHES, {}), key: encrypt_text(term)}
        request.session[KEPT_SEARCHES] = dict(list(searches.items())[-KEPT_SEARCHES_MAX:])
        query[SEARCH_PARAMETER] = key
    return HttpResponseRedirect(reverse(to) + (f"?{urlencode(query)}" if query else ""))


def search_term(request) -> str:
    """The term the URL's search key stands for; "" without one (or with a key this
    session does not know, such as a link from another browser)."""
    token = request.session.get(KEPT_SEARCHES, {}).get(request.GET.get(SEARCH_PARAMETER, ""))
    return decrypt_text(token) if token else ""


def search_query_prefix(request, *, filters: dict) -> str:
    """ "name=value&" for the page's links (pagination): `filters` (those set) and the
    search key, when it stands for a term."""
    query = {name: value for name, value in filters.items() if value}
    if search_term(request):
        query[SEARCH_PARAMETER] = request.GET[SEARCH_PARAMETER]
    return f"{urlencode(query)}&" if query else ""


def time_field(label, *, help_text="", required_message=None) -> forms.TimeField:
    """A time of day typed or picked as HH:MM (the browser's time input), with a clear
    message for anything else."""
    errors = {"invalid": _("Please enter a time, for example 18:30.")}
    if required_message:
        errors["required"] = required_message
    return forms.TimeField(
        label=label,
        help_text=help_text,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=errors,
    )


def date_field(label, *, help_text="", required: bool = True, required_message=None, attrs=None) -> forms.DateField:
    """A date typed or picked as YYYY-MM-DD (the browser's date input), with a clear
    message for anything else."""
    errors = {"invalid": _("Please enter a date, for example 2026-05-10.")}
    if required_message:
        errors["required"] = required_message
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", **(attrs or {})}, format="%Y-%m-%d"),
        error_messages=errors,
    )
