"""Continuing education: the graduate's own hours under /my-certificate/continuing-education/,
and program staff's queue under /staff/certificates/continuing-education/.

Rules chosen here: the graduate's page says kindly when no certificate of hers asks for
continuing-education hours (200); adding, changing and deleting then answer 404. Entries
are found through the signed-in person: someone else's is a 404. Staff pages are program
staff's; an unknown entry is a 404 for them, everyone else is refused before the lookup.
Evidence files: the owner's and program staff's (whose opening is logged); 404 otherwise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from certificates.continuing_education import selectors, services
from certificates.continuing_education.forms import ERROR_FIELDS, ContinuingEducationForm, QueueFilterForm, ReturnForm
from certificates.renewal.services import renewal_summary
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import filtered_page_context, posted, posted_files, redirect_back
from cpse.uploads import document_download

ENTRIES_PER_PAGE = 25
PAGE_SIZE = 50
# Entries deleted in this session lately (public ids): a second "Delete" (a double click,
# or Back) is told calmly that they are gone; any other unknown entry is a 404.
DELETED = "cpse_deleted_continuing_education"
DELETED_KEPT = 10


# --- The graduate's pages ----------------------------------------------------------------------


@require_GET
@login_required
def mine(request):
    certificate = selectors.ce_certificate(request.user)
    context = {"certificate": certificate}
    if certificate is not None:
        context.update(
            summary=renewal_summary(certificate),
            page_obj=Paginator(selectors.entries_for_certificate(certificate), ENTRIES_PER_PAGE).get_page(
                request.GET.get("page")
            ),
        )
    return render(request, "certificates/continuing_education/mine.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def create(request):
    certificate = selectors.ce_certificate(request.user)
    if certificate is None:
        raise Http404
    form = ContinuingEducationForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.continuing_education_submit(certificate=certificate, **form.cleaned_data)
        except services.RenewalError as error:  # its own refusals and the renewal rule's hours
            form.add_error(ERROR_FIELDS.get(error.code), str(error))
        else:
            messages.success(request, _("Thank you. Your hours are logged and wait for review."))
            return redirect("continuing_education:mine")
    return render(request, "certificates/continuing_education/form.html", {"form": form, "certificate": certificate})


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, public_id):
    entry = selectors.entry_for_graduate(user=request.user, public_id=public_id)
    if entry is None:
        raise Http404
    if not entry.can_change:
        messages.info(request, _("These hours are approved, so they can no longer be changed."))
        return redirect("continuing_education:mine")
    form = ContinuingEducationForm(
        posted(request), posted_files(request), initial=ContinuingEducationForm.initial_from(entry), entry=entry
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.continuing_education_update(entry=entry, **form.cleaned_data)
        except services.RenewalError as error:
            form.add_error(ERROR_FIELDS.get(error.code), str(error))
        else:
            messages.success(request, _("Thank you. Your changes are saved and wait for review."))
            return redirect("continuing_education:mine")
    return render(
        request,
        "certificates/continuing_education/form.html",
        {"form": form, "certificate": entry.certificate, "entry": entry},
    )


@require_http_methods(["GET", "POST"])
@login_required
def delete(request, public_id):
    """GET asks first (a page, not a script: the site's CSP allows no inline script); POST deletes."""
    entry = selectors.entry_for_graduate(user=request.user, public_id=public_id)
    if entry is None:
        if str(public_id) in request.session.get(DELETED, ()):
            messages.info(request, _("These hours are already deleted."))
            return redirect("continuing_education:mine")
        raise Http404
    if not entry.can_change:
        messages.info(request, _("These hours are approved, so they stay on your record."))
        return redirect("continuing_education:mine")
    if request.method == "GET":
        return render(request, "certificates/continuing_education/delete.html", {"entry": entry})
    try:
        services.continuing_education_delete(entry=entry, by=request.user)
    except services.ContinuingEducationError as error:
        messages.info(request, str(error))
    else:
        request.session[DELETED] = [*request.session.get(DELETED, ()), str(public_id)][-DELETED_KEPT:]
        messages.success(request, _("Your hours of %(date)s are deleted.") % {"date": date_format(entry.completed_on)})
    return redirect("continuing_education:mine")


@require_GET
@login_required
def evidence(request, public_id):
    entry = selectors.entry_with_evidence(user=request.user, public_id=public_id)
    if entry is None:
        raise Http404
    owner = entry.certificate.participant.user
    if owner.pk != request.user.pk:
        access_log_record(viewer=request.user, subject=owner, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    return document_download(entry.evidence, name="continuing-education-document")


# --- Program staff's pages ---------------------------------------------------------------------


def _entry(public_id):
    entry = selectors.entry_for_staff(public_id)
    if entry is None:
        raise Http404
    return entry


def _back(request):
    return redirect_back(request, "continuing_education:queue")


@require_GET
@role_required(Role.PROGRAM_STAFF)
def queue(request):
    form = QueueFilterForm(request.GET)
    status, credential = form.chosen()
    entries = selectors.entries_for_review(status=status, credential=credential)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # The filter kept across pages: waiting entries are the default, so not repeated.
    kept = {}
    if status != services.S.SUBMITTED:
        kept["status"] = status
    if credential is not None:
        kept["credential"] = credential.pk
    return render(
        request,
        "certificates/continuing_education/queue.html",
        {
            "form": form,
            "waiting": status == services.S.SUBMITTED,
            **filtered_page_context(request, page, kept),
            "return_form": ReturnForm(),
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def review(request, public_id):
    entry = _entry(public_id)
    access_log_record(
        viewer=request.user,
        subject=entry.certificate.participant.user,
        record_kind=AccessLogEntry.RecordKind.PARTICIPANT,
    )
    return render(
        request,
        "certificates/continuing_education/review.html",
        {"entry": entry, "return_form": ReturnForm(), "today": timezone.localdate()},
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def approve(request, public_id):
    entry = _entry(public_id)
    try:
        services.continuing_education_approve(entry=entry, by=request.user)
    except services.ContinuingEducationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Approved %(name)s's continuing-education hours of %(date)s.")
            % {"name": entry.certificate.participant.user, "date": date_format(entry.completed_on)},
        )
    return _back(request)


@sensitive_post_parameters("reason")
@require_POST
@role_required(Role.PROGRAM_STAFF)
def return_entry(request, public_id):
    entry = _entry(public_id)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ContinuingEducationError(" ".join(form.errors["reason"]), code="reason_required")
        services.continuing_education_return(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
    except services.ContinuingEducationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The hours went back to %(name)s with your reason.") % {"name": entry.certificate.participant.user},
        )
    return _back(request)
