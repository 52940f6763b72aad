"""The code of ethics. Participants (`ethics/`) read the current version of their
credential's code, acknowledge it, and read earlier versions. Program staff
(`staff/ethics/`) publish versions and see who acknowledged which; instructors may read
the versions but not publish. Anyone else: 403.

Publishing asks for a confirmation first ("Everyone will be asked to acknowledge
again"): the confirmation page carries what staff typed, so going back loses nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from cohorts.selectors import own_participation_or_404
from cohorts.services import working_cohort_choose
from cpse.forms import posted
from requirements_tracking.ethics import selectors, services
from requirements_tracking.ethics.forms import (
    ETHICS_ERROR_FIELDS,
    AcknowledgeForm,
    AcknowledgmentFilterForm,
    EthicsCodeForm,
)

ROWS_PER_PAGE = 50


# --- The participant ---------------------------------------------------------------------
# Only participants read and acknowledge the code here (anyone else: 403); staff have
# their own pages.


def _mine(request, participant, form):
    status = selectors.ethics_status(participant)
    return render(
        request,
        "requirements_tracking/ethics/mine.html",
        {
            "participant": participant,
            "status": status,
            "form": form,
            "versions": list(selectors.codes_for_credential(participant.cohort.credential_id)),
        },
    )


@require_GET
@login_required
def mine(request):
    participant = own_participation_or_404(request.user, deny=True)
    return _mine(request, participant, AcknowledgeForm())


@require_POST
@login_required
def acknowledge(request):
    participant = own_participation_or_404(request.user, deny=True)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _mine(request, participant, form)
    code = selectors.code_by_version(
        credential_id=participant.cohort.credential_id, version=form.cleaned_data["version"]
    )
    if code is None:
        raise Http404
    try:
        _acknowledgment, created = services.ethics_acknowledge(participant=participant, code=code)
    except services.EthicsError as error:
        messages.error(request, str(error))
        return redirect("ethics:mine")
    if created:
        messages.success(request, _("Thank you. Your acknowledgment is saved."))
    else:
        messages.info(request, _("You had already acknowledged this version. Nothing more to do."))
    return redirect("ethics:mine")


@require_GET
@login_required
def previous_version(request, version):
    participant = own_participation_or_404(request.user, deny=True)
    code = selectors.code_by_version(credential_id=participant.cohort.credential_id, version=version)
    if code is None:
        raise Http404
    acknowledgment = selectors.acknowledgments_of(participant).get(code.version)
    return render(
        request,
        "requirements_tracking/ethics/version.html",
        {"code": code, "acknowledgment": acknowledgment, "back": "ethics:mine"},
    )


# --- Staff -------------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def staff_list(request):
    page = Paginator(selectors.all_codes(), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "requirements_tracking/ethics/staff_list.html",
        {"page_obj": page, "can_publish": request.user.has_role(Role.PROGRAM_STAFF)},
    )


@require_GET
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def staff_detail(request, pk):
    code = selectors.code_for_staff(pk)
    if code is None:
        raise Http404
    return render(
        request,
        "requirements_tracking/ethics/version.html",
        {"code": code, "staff": True, "back": "ethics:staff_list"},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_publish(request):
    form = EthicsCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "publish" in request.POST:
            try:
                code = services.ethics_code_publish(**data, by=request.user)
            except services.EthicsError as error:
                form.add_error(ETHICS_ERROR_FIELDS.get(error.code), str(error))
            else:
                messages.success(
                    request,
                    _("Version %(version)s is published. Participants are asked to read and acknowledge it.")
                    % {"version": code.version},
                )
                return redirect("ethics:staff_detail", pk=code.pk)
        elif "edit" not in request.POST:
            current = selectors.current_code(data["credential"].pk)
            return render(
                request,
                "requirements_tracking/ethics/staff_confirm.html",
                {"form": form, "data": data, "next_version": (current.version + 1) if current else 1},
            )
    return render(request, "requirements_tracking/ethics/staff_publish.html", {"form": form})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_acknowledgments(request):
    filters = AcknowledgmentFilterForm(request.GET)
    values = filters.cleaned_data if filters.is_valid() else {}
    cohort = working_cohort_choose(user=request.user, asked=values.get("cohort"), session=request.session)
    context = {"filters": filters, "cohort": cohort}
    if cohort is not None:
        rows = selectors.acknowledgment_rows(cohort, status=values.get("status", ""), version=values.get("version"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            page_obj=Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            current=selectors.current_code(cohort.credential_id),
            query_prefix=f"{query.urlencode()}&" if query else "",
        )
    return render(request, "requirements_tracking/ethics/staff_acknowledgments.html", context)
