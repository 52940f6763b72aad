"""Supervision pages: the participant's own (`supervision/`: the contract of the practicum
and of the placement year, and the log of sessions), the supervisor's one-time link and
signed-in page (`supervisor/...`: the terms and the participant's display name, nothing
else), and program staff's page for one participant (`staff/supervision/<public_id>/`,
with reflections; opening it is written to the access log).

A participant's contract and sessions are found through the signed-in person (someone
else's is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from checkins.board.selectors import participant_for_staff
from checkins.models import SupervisionContract
from checkins.supervision import selectors, services
from checkins.supervision.forms import SUPERVISION_ERROR_FIELDS, ContractForm, SessionForm
from cohorts.selectors import current_participation, own_participation_or_404
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from cpse.ratelimit import client_ip, rate_limited

PAGE_SIZE = 50
LINK_TEMPLATE = "checkins/supervision/link.html"
CLOSED_TEMPLATE = "checkins/supervision/link_closed.html"


def _save(form, service, **kwargs):
    """Call the service with the form's data; a refusal goes next to its field (None)."""
    try:
        return service(**form.cleaned_data, **kwargs)
    except services.SupervisionError as error:
        form.add_error(SUPERVISION_ERROR_FIELDS.get(error.code), str(error))
        return None


def _setting(setting: str) -> str:
    if setting not in SupervisionContract.Setting.values:
        raise Http404
    return setting


def _setting_label(setting: str) -> str:
    return str(SupervisionContract.Setting(setting).label)


# --- The participant ---------------------------------------------------------------------


@require_GET
@login_required
def mine(request):
    participant = current_participation(request.user)
    if participant is None:
        return render(request, "checkins/supervision/mine.html", {"participant": None})
    sessions = Paginator(selectors.sessions_for_participant(participant), PAGE_SIZE).get_page(request.GET.get("page"))
    contracts = selectors.current_contracts(participant)
    return render(
        request,
        "checkins/supervision/mine.html",
        {
            "participant": participant,
            "settings": [(value, label, contracts[value]) for value, label in SupervisionContract.Setting.choices],
            "page_obj": sessions,
        },
    )


@sensitive_post_parameters("supervisor_name", "supervisor_email")
@require_http_methods(["GET", "POST"])
@login_required
def contract(request, setting):
    participant = own_participation_or_404(request.user)
    setting = _setting(setting)
    current = selectors.current_contract(participant, setting)
    form = ContractForm(posted(request), initial=services.contract_initial(participant=participant, setting=setting))
    if request.method == "POST" and form.is_valid():
        saved = _save(form, services.supervision_contract_propose, participant=participant, setting=setting)
        if saved is not None:
            if saved.participant_agreed_at:
                messages.success(
                    request,
                    _("Thank you. You agreed to the contract, and we will email your supervisor a private link."),
                )
            else:
                messages.success(request, _("Your draft contract is saved. Agree to it when you are ready."))
            return redirect("supervision:mine")
    return render(
        request,
        "checkins/supervision/contract_form.html",
        {"form": form, "setting_label": _setting_label(setting), "current": current},
    )


@require_POST
@login_required
def agree(request, setting):
    participant = own_participation_or_404(request.user)
    current = selectors.current_contract(participant, _setting(setting))
    if current is None:
        raise Http404
    try:
        services.supervision_contract_agree(contract=current, participant=participant)
    except services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Thank you. You agreed to the contract, and we will email your supervisor a private link.")
        )
    return redirect("supervision:mine")


@require_POST
@login_required
def resend(request, setting):
    participant = own_participation_or_404(request.user)
    current = selectors.current_contract(participant, _setting(setting))
    if current is None:
        raise Http404
    try:
        services.supervisor_link_resend(contract=current, participant=participant)
    except services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("We sent your supervisor a new link. The earlier one no longer works."))
    return redirect("supervision:mine")


@sensitive_post_parameters("reflection")
@require_http_methods(["GET", "POST"])
@login_required
def log(request, setting):
    participant = own_participation_or_404(request.user)
    setting = _setting(setting)
    current = selectors.current_contract(participant, setting)
    if current is None or not current.agreed:
        messages.info(request, services.not_agreed_message())
        return redirect("supervision:mine")
    form = SessionForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.supervision_session_log, participant=participant, setting=setting, by=request.user)
    ):
        messages.success(request, _("Thank you. Your supervision session is logged."))
        return redirect("supervision:mine")
    return render(
        request, "checkins/supervision/session_form.html", {"form": form, "setting_label": _setting_label(setting)}
    )


def _own_session(request, public_id):
    session = selectors.session_for_participant(user=request.user, public_id=public_id)
    if session is None:
        raise Http404
    return session


@sensitive_post_parameters("reflection")
@require_http_methods(["GET", "POST"])
@login_required
def edit(request, public_id):
    session = _own_session(request, public_id)
    form = SessionForm(posted(request), initial=SessionForm.initial_from(session))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.supervision_session_update, session=session, participant=session.contract.participant)
    ):
        messages.success(request, _("Your changes are saved."))
        return redirect("supervision:mine")
    return render(
        request,
        "checkins/supervision/session_form.html",
        {"form": form, "session": session, "setting_label": session.contract.get_setting_display()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def delete(request, public_id):
    session = _own_session(request, public_id)
    if request.method == "POST":
        services.supervision_session_delete(session=session, participant=session.contract.participant)
        messages.success(request, _("The session is deleted."))
        return redirect("supervision:mine")
    return render(request, "checkins/supervision/session_delete.html", {"session": session})


# --- The supervisor, by link (no account) --------------------------------------------------


def _contract_for_link(request, token):
    """(contract, None), or (None, the calm page to answer with instead)."""
    if rate_limited(scope="supervision-link", key=client_ip(request), limit=30, seconds=3600):
        message = _("Too many attempts. Please try again in an hour.")
        return None, render(request, CLOSED_TEMPLATE, {"message": message}, status=429)
    try:
        return services.contract_for_token(token), None
    except services.LinkError as error:
        return None, render(request, CLOSED_TEMPLATE, {"message": str(error)}, status=404)


@never_cache
@require_GET
def link(request, token):
    found, refusal = _contract_for_link(request, token)
    return refusal or render(request, LINK_TEMPLATE, {"contract": found, "token": token})


@never_cache
@require_POST
def link_agree(request, token):
    found, refusal = _contract_for_link(request, token)
    if refusal:
        return refusal
    try:
        services.supervision_contract_supervisor_agree(contract=found, token=token)
    except services.SupervisionError as error:
        return render(request, CLOSED_TEMPLATE, {"message": str(error)}, status=404)
    return render(request, CLOSED_TEMPLATE, {"thanks": True})


# --- The supervisor, signed in -----------------------------------------------------------------


@require_GET
@login_required
def supervise(request):
    return render(
        request, "checkins/supervision/supervise.html", {"contracts": selectors.contracts_for_supervisor(request.user)}
    )


@require_POST
@login_required
def supervise_agree(request, public_id):
    found = selectors.contract_for_supervisor(user=request.user, public_id=public_id)
    if found is None:
        raise Http404
    try:
        services.supervision_contract_supervisor_agree(contract=found, by=request.user)
    except services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you. You agreed to the supervision contract with %(name)s.") % {"name": found.participant.user},
        )
    return redirect("supervision:supervise")


# --- Program staff ----------------------------------------------------------------------


def _participant(public_id):
    participant = participant_for_staff(public_id)
    if participant is None:
        raise Http404
    return participant


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF)
def staff_participant(request, public_id):
    participant = _participant(public_id)
    access_log_record(viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    sessions = selectors.sessions_for_participant(participant, with_reflections=True)
    return render(
        request,
        "checkins/supervision/staff_participant.html",
        {
            "participant": participant,
            "contracts": selectors.contract_history(participant),
            "page_obj": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def staff_resend(request, public_id):
    found = SupervisionContract.objects.filter(public_id=public_id).select_related("participant").first()
    if found is None:
        raise Http404
    try:
        services.supervisor_link_resend(contract=found)
    except services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A new link went to %(email)s.") % {"email": found.supervisor_email})
    return redirect("supervision:staff_participant", found.participant.public_id)
