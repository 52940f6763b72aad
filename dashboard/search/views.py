"""Staff search (/staff/search/), for every staff role: the words are sent by POST, kept
in the session under an opaque id (services.search_record), and the results page is
reached by that id, so no address ever holds a name, an email or a number. Each person
sees only what their role may open (selectors.search)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.models import STAFF_ROLES
from dashboard.search import selectors, services
from dashboard.search.forms import SearchForm


def _page(request, form, **context):
    return render(request, "dashboard/search/index.html", {"form": form, **context})


@sensitive_post_parameters("q")
@sensitive_variables("words", "form")
@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF_ROLES)
def index(request):
    """The search box; with ?search=<id>, the results of a search made in this session."""
    if request.method == "POST":
        form = SearchForm(request.POST)
        if not form.is_valid():
            return _page(request, form)
        words = form.cleaned_data["q"]
        found = selectors.search(request.user, words)
        search_id = services.search_record(
            session=request.session, words=words, result_count=found.total, by=request.user
        )
        return redirect(f"{reverse('search:index')}?{urlencode({'search': search_id})}")
    search_id = request.GET.get("search", "")
    words = selectors.kept_words(request.session, search_id) if search_id else None
    if words is None:
        if search_id:
            messages.info(request, _("That search has ended, to keep it private. Please search again."))
        return _page(request, SearchForm())
    return _page(request, SearchForm(initial={"q": words}), found=selectors.search(request.user, words))
