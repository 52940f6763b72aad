"""Program staff's certificate pages: a cohort's participants (issue one, or all who are
eligible), a batch's progress and who received one, one certificate (revoke, reissue) and
the graduation list.

Rules chosen here: issuing asks first. "Issue" and "Issue all eligible" open a page that
shows, for each person, the name that will print (`selectors.print_previews`); only its
button (a POST) issues. Certificates, participants and batches are found by their public
id: an unknown one is a 404 for program staff (the others are refused before the lookup)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from certificates import selectors, services
from certificates.models import CertificateBatch
from certificates.staff.forms import BatchConfirmForm, CohortChoiceForm, ReasonForm
from cohorts.services import working_cohort_choose
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted

program_staff = role_required(Role.PROGRAM_STAFF)


def _found(value):
    if value is None:
        raise Http404
    return value


def _cohort_url(cohort) -> str:
    return f"{reverse('certificates_staff:cohort')}?{urlencode({'cohort': cohort.pk})}"


def _batch_confirm_url(cohort) -> str:
    return f"{reverse('certificates_staff:batch_start')}?{urlencode({'cohort': cohort.pk})}"


def _chosen_cohort(request):
    """The cohort asked for in the query string (remembered), else the person's working
    cohort (`cohorts.selectors.working_cohort`); the form shows the choice."""
    form = CohortChoiceForm(request.GET if "cohort" in request.GET else None)
    asked = form.cleaned_data["cohort"] if form.is_bound and form.is_valid() else None
    cohort = working_cohort_choose(user=request.user, asked=asked, session=request.session)
    if not form.is_bound:
        form = CohortChoiceForm(initial={"cohort": cohort})
    return form, cohort


@require_GET
@program_staff
def cohort(request):
    form, chosen = _chosen_cohort(request)
    context = {"form": form, "cohort": chosen}
    if chosen is not None:
        rows = selectors.cohort_certificate_rows(chosen)
        context.update(
            rows=rows,
            eligible_count=sum(1 for row in rows if row.eligible),
            batch=selectors.batches_for_cohort(chosen).first(),
        )
    return render(request, "certificates/staff/cohort.html", context)


@require_http_methods(["GET", "POST"])
@program_staff
def issue(request, public_id):
    """GET: the name that will print, to confirm; POST: issue."""
    participant = _found(selectors.participant_for_staff(public_id))
    if request.method == "GET":
        eligible, missing = services.certificate_eligibility(participant)
        (preview,) = selectors.print_previews([participant])
        context = {
            "preview": preview,
            "eligible": eligible,
            "missing": missing,
            "back": _cohort_url(participant.cohort),
        }
        return render(request, "certificates/staff/issue.html", context)
    try:
        certificate = services.certificate_issue(participant=participant, by=request.user)
    except services.CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Certificate %(number)s is issued to %(name)s.")
            % {"number": certificate.number, "name": participant.user},
        )
    return redirect(_cohort_url(participant.cohort))


@require_http_methods(["GET", "POST"])
@program_staff
def batch_start(request):
    """GET (?cohort=): everyone who would be certified, each with the name that will
    print, to confirm; POST: start issuing to exactly those shown (their public ids come
    back with the button), not to anyone who became eligible since."""
    if request.method == "GET":
        form = CohortChoiceForm(request.GET)
        if not form.is_valid():
            messages.error(request, _("Please choose a cohort first."))
            return redirect("certificates_staff:cohort")
        chosen = form.cleaned_data["cohort"]
        context = {"cohort": chosen, "previews": selectors.eligible_previews(chosen), "back": _cohort_url(chosen)}
        return render(request, "certificates/staff/batch_confirm.html", context)
    form = BatchConfirmForm(request.POST)
    if not form.is_valid():
        if "cohort" in form.errors:
            messages.error(request, _("Please choose a cohort first."))
            return redirect("certificates_staff:cohort")
        # The list did not come back whole: show it again, as it stands now.
        messages.error(request, form.errors["previewed"][0])
        return redirect(_batch_confirm_url(form.cleaned_data["cohort"]))
    chosen = form.cleaned_data["cohort"]
    try:
        batch = services.certificate_batch_start(
            cohort=chosen, previewed=form.cleaned_data["previewed"], by=request.user
        )
    except services.CertificateError as error:
        messages.error(request, str(error))
        if error.code == "running":
            return redirect(_cohort_url(chosen))
        return redirect(_batch_confirm_url(chosen))
    return redirect("certificates_staff:batch", public_id=batch.public_id)


def _batch_context(public_id) -> dict:
    batch = _found(selectors.batch_for_staff(public_id))
    running = batch.status != CertificateBatch.Status.DONE
    return {
        "batch": batch,
        "running": running,
        "recipients": selectors.batch_recipients(batch),
        "not_issued": [] if running else selectors.batch_not_issued(batch),
    }


@require_GET
@program_staff
def batch(request, public_id):
    return render(request, "certificates/staff/batch.html", _batch_context(public_id))


@require_GET
@program_staff
def batch_progress(request, public_id):
    """The progress box alone, which the batch page asks for every 2 seconds (htmx)."""
    return render(request, "certificates/staff/_batch_progress.html", _batch_context(public_id))


@require_GET
@program_staff
def detail(request, public_id):
    certificate = _found(selectors.certificate_for_staff(public_id))
    access_log_record(
        viewer=request.user, subject=certificate.participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
    )
    return render(request, "certificates/staff/detail.html", {"certificate": certificate})


def _change(request, public_id, *, service, template: str, done: str):
    certificate = _found(selectors.certificate_for_staff(public_id))
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = service(certificate=certificate, reason=form.cleaned_data["reason"], by=request.user)
        except services.CertificateError as error:
            form.add_error("reason" if error.code.startswith("reason") else None, str(error))
        else:
            messages.success(request, done % {"number": result.number})
            return redirect("certificates_staff:detail", public_id=result.public_id)
    return render(request, template, {"certificate": certificate, "form": form})


@require_http_methods(["GET", "POST"])
@program_staff
def revoke(request, public_id):
    return _change(
        request,
        public_id,
        service=services.certificate_revoke,
        template="certificates/staff/revoke.html",
        done=_("Certificate %(number)s is revoked."),
    )


@require_http_methods(["GET", "POST"])
@program_staff
def reissue(request, public_id):
    return _change(
        request,
        public_id,
        service=services.certificate_reissue,
        template="certificates/staff/reissue.html",
        done=_("The new certificate %(number)s is issued in its place."),
    )


@require_GET
@program_staff
def graduation(request):
    form, chosen = _chosen_cohort(request)
    context = {"form": form, "cohort": chosen}
    if chosen is not None:
        context["graduates"] = selectors.graduates(chosen)
    return render(request, "certificates/staff/graduation.html", context)
