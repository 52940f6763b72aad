"""Expiry and renewal pages for program staff: the credential's validity settings, the
list of certificates expiring or recently expired, and one certificate's renewal form
with its history. A renewal is recorded from the approved continuing-education hours that
count, or from a total shown on paper (for a graduate who does not use the site).

An unknown credential or certificate is a 404 for program staff; everyone else is
refused before the lookup."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from certificates.renewal import services
from certificates.renewal.forms import RENEWAL_ERROR_FIELDS, CredentialRenewalForm, RenewalForm
from cohorts.models import Credential
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted

PAGE_SIZE = 50
FROM_APPROVED = "from_approved"


def _refused(form, error: services.RenewalError) -> None:
    form.add_error(RENEWAL_ERROR_FIELDS.get(error.code), str(error))


def _certificate(public_id):
    certificate = services.certificate_for_renewal(public_id)
    if certificate is None:
        raise Http404
    return certificate


@require_GET
@role_required(Role.PROGRAM_STAFF)
def expiring(request):
    today = timezone.localdate()
    page = Paginator(services.certificates_expiring(today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    for certificate in page.object_list:
        certificate.days_left = (certificate.expires_on - today).days
    return render(
        request,
        "certificates/renewal/expiring.html",
        {"page_obj": page, "query_prefix": "", "credentials": Credential.objects.order_by("abbreviation")},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def renew(request, public_id):
    certificate = _certificate(public_id)
    access_log_record(
        viewer=request.user, subject=certificate.participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
    )
    # "Renew from approved hours" (the continuing education approved that counts), or a
    # total shown on paper typed into the form.
    from_approved = request.method == "POST" and FROM_APPROVED in request.POST
    form = RenewalForm(None if from_approved else posted(request))
    if request.method == "POST" and (from_approved or form.is_valid()):
        fields = {"notes": ""} if from_approved else form.cleaned_data
        try:
            record = services.certificate_renew(certificate=certificate, by=request.user, **fields)
        except services.RenewalError as error:
            if from_approved:
                messages.error(request, str(error))
            else:
                _refused(form, error)
        else:
            messages.success(
                request,
                _("The renewal is recorded. Certificate %(number)s is now valid until %(date)s.")
                % {"number": certificate.number, "date": date_format(record.new_expires_on, "DATE_FORMAT")},
            )
            return redirect(reverse("certificates_renewal:renew", args=[certificate.public_id]))
    return render(
        request,
        "certificates/renewal/renew.html",
        {"certificate": certificate, "form": form, "summary": services.renewal_summary(certificate)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def credential_settings(request, credential_id):
    credential = Credential.objects.filter(pk=credential_id).first()
    if credential is None:
        raise Http404
    form = CredentialRenewalForm(
        posted(request),
        initial={
            "validity_months": credential.validity_months,
            "renewal_hours": credential.renewal_hours,
            "name_es": credential.name_es,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_renewal_set(credential=credential, by=request.user, **form.cleaned_data)
        except services.RenewalError as error:
            _refused(form, error)
        else:
            if credential.validity_months is None:
                message = _("Saved. Certificates of %(credential)s issued from now on do not expire.")
            else:
                message = _("Saved. Certificates of %(credential)s issued from now on are valid for %(months)s months.")
            messages.success(request, message % {"credential": credential, "months": credential.validity_months})
            return redirect(reverse("certificates_renewal:credential_settings", args=[credential.pk]))
    return render(request, "certificates/renewal/credential_settings.html", {"credential": credential, "form": form})
