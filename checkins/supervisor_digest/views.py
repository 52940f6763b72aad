"""The supervisor's list of what waits for them, on one page: practicum hours to confirm
or decline and supervision contracts to agree. Reached by the private link in their
daily email (`supervising/<token>/`, no account) or signed in (`supervising/`).

Each answer goes through the practicum's or supervision's own service. An item is found
through the link's mailbox or the signed-in account, so another supervisor's item is a
404; the page never shows a participant's reflection."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from checkins.supervision import selectors as supervision_selectors
from checkins.supervision import services as supervision_services
from checkins.supervisor_digest import selectors, services
from cpse.ratelimit import client_ip, rate_limited
from requirements_tracking.hours.rules import HourEntryError
from requirements_tracking.practicum import selectors as practicum_selectors
from requirements_tracking.practicum import services as practicum_services
from requirements_tracking.practicum.forms import PRACTICUM_ERROR_FIELDS, DecisionForm

PAGE_SIZE = 50
TEMPLATE = "checkins/supervisor_digest/list.html"
CLOSED_TEMPLATE = "checkins/supervisor_digest/link_closed.html"


def _page(request, *, hours, contracts, token: str = "", failed=None, status: int = 200):
    """The list; `failed` is (entry public id, bound form) after a refused answer, so its
    error shows next to that entry with what was typed."""
    page = Paginator(hours, PAGE_SIZE).get_page(request.GET.get("page"))
    failed_id, failed_form = failed or (None, None)
    return render(
        request,
        TEMPLATE,
        {
            "page_obj": page,
            "contracts": contracts,
            "token": token,
            "failed_id": failed_id,
            "failed_form": failed_form,
            "form": DecisionForm(),
        },
        status=status,
    )


def _answer_hours(request, confirmation, *, by, back: str, page):
    """Confirm or decline through the practicum service; a refusal shows on the page."""
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            practicum_services.supervisor_confirmation_decide(
                confirmation=confirmation,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                by=by,
            )
        except practicum_services.LinkError as error:  # answered, replaced or expired meanwhile
            messages.error(request, str(error))
            return redirect(back)
        except HourEntryError as error:
            form.add_error(PRACTICUM_ERROR_FIELDS.get(error.code), str(error))
        else:
            entry = confirmation.entry
            values = {"name": entry.participant.user, "date": date_format(entry.date)}
            if form.cleaned_data["decision"] == practicum_services.CONFIRM:
                messages.success(request, _("Thank you. You confirmed %(name)s's hours of %(date)s.") % values)
            else:
                messages.success(
                    request, _("Thank you. %(name)s's hours of %(date)s went back with your words.") % values
                )
            return redirect(back)
    return page(failed=(confirmation.entry.public_id, form), status=400)


def _agree(request, contract, *, back: str, **how):
    try:
        supervision_services.supervision_contract_supervisor_agree(contract=contract, **how)
    except supervision_services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you. You agreed to the supervision contract with %(name)s.") % {"name": contract.participant.user},
        )
    return redirect(back)


# --- By the emailed link (no account) ------------------------------------------------------


def _link_or_refusal(request, token):
    """(list link, None), or (None, the calm page to answer with instead)."""
    if rate_limited(scope="supervisor-list", key=client_ip(request), limit=60, seconds=3600):
        message = _("Too many attempts. Please try again in an hour.")
        return None, render(request, CLOSED_TEMPLATE, {"message": message}, status=429)
    try:
        return services.list_link_for_token(token), None
    except services.LinkError as error:
        return None, render(request, CLOSED_TEMPLATE, {"message": str(error)}, status=404)


def _link_page(request, link, token, **kwargs):
    now = timezone.now()
    return _page(
        request,
        hours=selectors.hours_for_mailbox(link.email_key, now),
        contracts=selectors.contracts_for_mailbox(link.email_key, now),
        token=token,
        **kwargs,
    )


@never_cache
@require_GET
def link(request, token):
    found, refusal = _link_or_refusal(request, token)
    return refusal or _link_page(request, found, token)


@never_cache
@sensitive_post_parameters("comment")
@require_POST
def link_hours(request, token, public_id):
    found, refusal = _link_or_refusal(request, token)
    if refusal:
        return refusal
    confirmation = selectors.confirmation_for_mailbox(email_key=found.email_key, public_id=public_id)
    if confirmation is None:
        raise Http404
    return _answer_hours(
        request,
        confirmation,
        by=None,
        back=reverse("supervisor_digest:link", args=[token]),
        page=lambda **kwargs: _link_page(request, found, token, **kwargs),
    )


@never_cache
@require_POST
def link_contract(request, token, public_id):
    found, refusal = _link_or_refusal(request, token)
    if refusal:
        return refusal
    contract = selectors.contract_for_mailbox(email_key=found.email_key, public_id=public_id)
    if contract is None:
        raise Http404
    return _agree(request, contract, back=reverse("supervisor_digest:link", args=[token]), list_link=found)


# --- Signed in -----------------------------------------------------------------------------


def _mine_page(request, **kwargs):
    return _page(
        request,
        hours=practicum_selectors.confirmations_for_supervisor(request.user),
        contracts=supervision_selectors.contracts_for_supervisor(request.user),
        **kwargs,
    )


@require_GET
@login_required
def mine(request):
    return _mine_page(request)


@sensitive_post_parameters("comment")
@require_POST
@login_required
def mine_hours(request, public_id):
    confirmation = practicum_selectors.confirmation_for_supervisor(user=request.user, public_id=public_id)
    if confirmation is None:
        raise Http404
    return _answer_hours(
        request,
        confirmation,
        by=request.user,
        back=reverse("supervisor_digest:mine"),
        page=lambda **kwargs: _mine_page(request, **kwargs),
    )


@require_POST
@login_required
def mine_contract(request, public_id):
    contract = supervision_selectors.contract_for_supervisor(user=request.user, public_id=public_id)
    if contract is None:
        raise Http404
    return _agree(request, contract, back=reverse("supervisor_digest:mine"), by=request.user)
