"""The participant's certificate page and its two files (the certificate and the wallet
card), under /my-certificate/.

Files are found through one helper: the owner and program staff get them; anyone else,
and any unknown, revoked or replaced certificate, gets a 404. The badge files (SVG and
PNG with the signed credential baked in) are files like the others. Sharing is the
owner's choice alone: staff never turn it on or off for her.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.mine.forms import CertificateNameForm, SharingForm
from certificates.models import Certificate
from certificates.open_badges import signed_badge
from certificates.rendering import certificate_render, verification_url
from certificates.renewal.services import renewal_summary
from certificates.selectors import own_valid_certificate
from certificates.share.badge_image import badge_png, badge_svg, baked_png, baked_svg
from certificates.share.linkedin import linkedin_add_url
from certificates.share.services import SharingError, certificate_sharing_set
from cohorts.selectors import current_participation
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted


def badge_url(certificate: Certificate) -> str:
    """The Open Badges file, as a download (`certificates_public:badge`)."""
    return reverse("certificates_public:badge", args=[certificate.number]) + "?download=1"


def _own_certificates(user) -> list[Certificate]:
    """All of the person's certificates, newest first, with what the page shows (one query)."""
    certificates = list(
        Certificate.objects.filter(participant__user=user)
        .select_related("credential", "participant__cohort", "replaced_by")
        .defer("revoked_reason")
    )
    for certificate in certificates:
        if certificate.status == Certificate.Status.VALID:
            certificate.verify_url = verification_url(certificate)
            certificate.badge_url = badge_url(certificate)
            certificate.linkedin_url = linkedin_add_url(certificate)
    return certificates


@require_http_methods(["GET", "POST"])
@login_required
def mine(request):
    """Before issue: which name the certificate will show. After: the certificate itself."""
    return _page(request)


def _page(request, *, sharing_form: SharingForm | None = None, sharing_for: Certificate | None = None):
    """The page; `sharing_form` re-shows a sharing choice that needs correcting, on the
    certificate `sharing_for`."""
    participant = current_participation(request.user)
    certificates = _own_certificates(request.user)
    # The name is chosen once, before this participation's certificate is issued.
    choosing = participant is not None and not any(c.participant_id == participant.pk for c in certificates)
    if request.method == "POST" and sharing_form is None and not choosing:
        raise Http404
    form = None
    if choosing:
        form = CertificateNameForm(posted(request) if sharing_form is None else None, participant=participant)
        if request.method == "POST" and sharing_form is None and form.is_valid():
            form.save()
            messages.success(request, _("Thank you. Your certificate will show the name you chose."))
            return redirect("certificates:mine")
    for certificate in certificates:
        # Expiry and renewals, for a valid certificate that expires (off unless the program sets it).
        if certificate.status == Certificate.Status.VALID and certificate.expires_on:
            certificate.renewal = renewal_summary(certificate)
        if certificate.status == Certificate.Status.VALID:
            bound = sharing_for is not None and certificate.pk == sharing_for.pk
            certificate.sharing_form = sharing_form if bound else SharingForm()
    return render(
        request,
        "certificates/mine.html",
        {"participant": participant, "certificates": certificates, "form": form},
        status=400 if sharing_form is not None else 200,
    )


def _own_valid_certificate(request, public_id) -> Certificate:
    """The signed-in person's own valid certificate; 404 for anyone else's (staff too)."""
    certificate = own_valid_certificate(request.user, public_id)
    if certificate is None:
        raise Http404
    return certificate


@require_POST
@login_required
def sharing(request, public_id):
    certificate = _own_valid_certificate(request, public_id)
    form = SharingForm(request.POST)
    if not form.is_valid():
        return _page(request, sharing_form=form, sharing_for=certificate)
    try:
        certificate_sharing_set(certificate=certificate, sharing=form.cleaned_data["sharing"], by=request.user)
    except SharingError as error:
        messages.error(request, str(error))
        return redirect("certificates:mine")
    if form.cleaned_data["sharing"]:
        messages.success(request, _("Sharing is on. Your verification link now shows your badge."))
    else:
        messages.success(request, _("Sharing is off. Your verification link shows only the basic check again."))
    return redirect(reverse("certificates:mine") + f"#certificate-{certificate.public_id}")


def _certificate_for(request, public_id) -> Certificate:
    """A valid certificate the signed-in person may download: their own, or any for
    program staff (whose opening of it is logged)."""
    certificate = (
        Certificate.objects.select_related("credential", "participant__user", "participant__cohort")
        .defer("revoked_reason")
        .filter(public_id=public_id, status=Certificate.Status.VALID)
        .first()
    )
    if certificate is None:
        raise Http404
    owner = certificate.participant.user
    if owner.pk != request.user.pk:
        if not request.user.is_program_staff:
            raise Http404
        access_log_record(viewer=request.user, subject=owner, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    return certificate


def _download(file, filename: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@require_GET
@login_required
def certificate_pdf(request, public_id):
    certificate = _certificate_for(request, public_id)
    if not certificate.pdf:
        # Normally rendered right after issue by the worker; if not yet, now.
        certificate_render(certificate=certificate)
    return _download(certificate.pdf, f"certificate-{certificate.number}.pdf")


@require_GET
@login_required
def wallet_pdf(request, public_id):
    certificate = _certificate_for(request, public_id)
    if not certificate.wallet_pdf:
        certificate_render(certificate=certificate)
    return _download(certificate.wallet_pdf, f"certificate-card-{certificate.number}.pdf")


@require_GET
@login_required
def badge_svg_download(request, public_id):
    """The badge picture with the signed credential baked in (Open Badges 3.0)."""
    certificate = _certificate_for(request, public_id)
    svg = baked_svg(badge_svg(certificate.credential), signed_badge(certificate))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="badge-{certificate.number}.svg"'
    return response


@require_GET
@login_required
def badge_png_download(request, public_id):
    certificate = _certificate_for(request, public_id)
    png = baked_png(badge_png(certificate.credential), signed_badge(certificate))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="badge-{certificate.number}.png"'
    return response
