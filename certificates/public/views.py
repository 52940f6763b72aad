"""Public verification (anyone, no sign-in) and the Open Badges file.

Every answer here is private to the one asking (`no-store`: a revocation shows at once,
and no shared cache keeps a person's name) and asks search engines not to index it.
Lookups are rate-limited per client address so numbers cannot be counted through; an
unknown number and a malformed one get the same 404 page.

Rules chosen here: a certificate its graduate shares shows, at the same address, the badge
page (image, criteria, link-preview tags); the badge image itself names no one, so it is
one public file per credential."""

from functools import wraps

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from certificates import open_badges
from certificates.selectors import credential_by_abbreviation
from certificates.share.badge_image import badge_png
from certificates.share.badge_page import badge_page
from certificates.verification import (
    State,
    badge_page_shown,
    certificate_for_number,
    certificate_state,
    number_is_well_formed,
    number_normalise,
    too_many_lookups,
    verification_of,
)

# The issuer document and the status list are JSON-LD, for verifiers' document loaders.
LINKED_DATA = "application/ld+json"
STATUS_LIST_MAX_AGE = 300


def _private_and_unindexed(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Certificate number"),
        max_length=64,
        help_text=gettext_lazy("As printed on the certificate. Dashes and spaces do not matter."),
        error_messages={"required": gettext_lazy("Please type the certificate number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_number(self) -> str:
        compact = number_normalise(self.cleaned_data["number"])
        if not compact:
            raise forms.ValidationError(_("Please type the certificate number."))
        if not number_is_well_formed(compact):
            raise forms.ValidationError(_("A certificate number has only letters and digits. Please check it."))
        return compact


@require_GET
@_private_and_unindexed
def verify(request):
    """The form. It sends with GET and only tidies what was typed; the lookup (and its
    rate limit) happens on the result page."""
    form = VerifyForm(request.GET if "number" in request.GET else None)
    if form.is_valid():
        return redirect("certificates_public:verify_number", form.cleaned_data["number"])
    return render(request, "certificates/public/verify.html", {"form": form})


def _not_found(request):
    return render(request, "certificates/public/not_found.html", status=404)


def _too_many(request):
    return render(request, "certificates/public/too_many.html", status=429)


@require_GET
@_private_and_unindexed
def verify_number(request, number: str):
    if too_many_lookups(request):
        return _too_many(request)
    certificate = certificate_for_number(number)
    if certificate is None:
        return _not_found(request)
    verification = verification_of(certificate)
    return render(
        request,
        "certificates/public/result.html",
        {
            "verification": verification,
            "State": State,
            "has_badge": verification.state in (State.VALID, State.EXPIRED),
            "badge_page": badge_page(certificate) if badge_page_shown(certificate, verification.state) else None,
        },
    )


@require_GET
@_private_and_unindexed
def badge(request, number: str):
    """The signed Open Badges file. Revoked and replaced certificates answer 410: the
    file's own address always tells the current status."""
    if too_many_lookups(request):
        return JsonResponse({"detail": _("Too many lookups from here. Please wait a minute.")}, status=429)
    certificate = certificate_for_number(number)
    if certificate is None:
        return JsonResponse({"detail": _("We could not find a certificate with this number.")}, status=404)
    state = certificate_state(certificate)
    if state in (State.REVOKED, State.REPLACED):
        message = {
            State.REVOKED: _("This certificate has been revoked."),
            State.REPLACED: _("This certificate was replaced by a newer one."),
        }[state]
        return JsonResponse({"status": state, "detail": message}, status=410)
    response = JsonResponse(open_badges.signed_badge(certificate), json_dumps_params={"ensure_ascii": False})
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = f'attachment; filename="{certificate.number}.json"'
    return response


@require_GET
def issuer(request):
    """The issuer Profile with its public keys (a controlled identifier document), for
    anyone checking a badge's signature."""
    return JsonResponse(open_badges.issuer_profile(with_key=True), content_type=LINKED_DATA)


@require_GET
def status_list(request):
    """The signed revocation list badges point at: public, and the same for everyone, so
    it may be cached, briefly, so that a revocation shows within minutes."""
    response = JsonResponse(open_badges.signed_status_list(), content_type=LINKED_DATA)
    patch_cache_control(response, public=True, max_age=STATUS_LIST_MAX_AGE)
    return response


@require_GET
def badge_image(request, abbreviation: str):
    """The credential's badge picture (no one's name, nothing baked in), for the link
    previews of shared certificates. The same for every holder, so it may be cached."""
    credential = credential_by_abbreviation(abbreviation)
    if credential is None:
        raise Http404
    response = HttpResponse(badge_png(credential), content_type="image/png")
    patch_cache_control(response, public=True, max_age=86400)
    return response
