"""Program staff's sponsor pages: organisations (list, create, edit, detail with their
people and invitations) and the leads from the public form. Finance may look at the
organisations (they bill them) but changes are program staff's."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from cpse.forms import posted, search_query_prefix, search_redirect, search_term
from sponsors.errors import SponsorError
from sponsors.models import SponsorLead
from sponsors.organisations import selectors, services
from sponsors.organisations.forms import InvitationForm, LeadFilterForm, LeadStatusForm, SearchForm, SponsorForm

PAGE_SIZE = 50
VIEWERS = (Role.PROGRAM_STAFF, Role.FINANCE)


def _sponsor(public_id):
    sponsor = selectors.sponsor_for_staff(public_id)
    if sponsor is None:
        raise Http404
    return sponsor


def _lead(public_id) -> SponsorLead:
    lead = selectors.lead_for_staff(public_id)
    if lead is None:
        raise Http404
    return lead


def _open_lead(public_id) -> SponsorLead | None:
    try:
        lead = selectors.lead_for_staff(uuid.UUID(str(public_id))) if public_id else None
    except ValueError:
        return None
    return lead if lead is not None and lead.sponsor_id is None else None


# --- Organisations -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*VIEWERS)
def sponsor_list(request):
    # The search (it may be a contact person's name or email) is posted and never reaches
    # the URL: a key stands for it there (cpse.forms.search_redirect).
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            return search_redirect(request, "sponsors_staff:list", term=form.cleaned_data["q"], filters={})
    else:
        form = SearchForm({"q": search_term(request)})
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = Paginator(selectors.sponsors_for_staff(query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sponsors/staff/list.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "query_prefix": search_query_prefix(request, filters={}),
            "can_change": request.user.has_role(Role.PROGRAM_STAFF),
        },
    )


@sensitive_post_parameters("billing_address", "phone")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def sponsor_create(request):
    # "Make a sponsor from this lead": the form starts with the lead's details.
    lead = _open_lead(request.POST.get("lead") or request.GET.get("lead"))
    initial = {}
    if lead is not None:
        initial = {
            "name": lead.organisation or lead.name,
            "kind": lead.kind,
            "contact_name": lead.name,
            "contact_email": lead.email,
            "phone": lead.phone,
        }
    form = SponsorForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        sponsor = services.sponsor_create(by=request.user, lead=lead, **form.cleaned_data)
        messages.success(request, _("The organisation is saved. You can now invite its people."))
        return redirect("sponsors_staff:detail", public_id=sponsor.public_id)
    return render(request, "sponsors/staff/form.html", {"form": form, "lead": lead})


@sensitive_post_parameters("billing_address", "phone")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def sponsor_edit(request, public_id):
    sponsor = _sponsor(public_id)
    form = SponsorForm(posted(request), instance=sponsor)
    if request.method == "POST" and form.is_valid():
        services.sponsor_update(sponsor=sponsor, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your changes are saved."))
        return redirect("sponsors_staff:detail", public_id=sponsor.public_id)
    return render(request, "sponsors/staff/form.html", {"form": form, "sponsor": sponsor})


def _detail(request, sponsor, *, invite_form=None, status=200):
    return render(
        request,
        "sponsors/staff/detail.html",
        {
            "sponsor": sponsor,
            "members": selectors.members_of(sponsor),
            "invitations": selectors.waiting_invitations_of(sponsor),
            "invite_form": invite_form or InvitationForm(),
            "can_change": request.user.has_role(Role.PROGRAM_STAFF),
        },
        status=status,
    )


@require_GET
@role_required(*VIEWERS)
def sponsor_detail(request, public_id):
    return _detail(request, _sponsor(public_id))


@require_POST
@role_required(Role.PROGRAM_STAFF)
def invite(request, public_id):
    sponsor = _sponsor(public_id)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_send(sponsor=sponsor, email=form.cleaned_data["email"], by=request.user)
        except SponsorError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("The invitation is on its way."))
            return redirect("sponsors_staff:detail", public_id=sponsor.public_id)
    return _detail(request, sponsor, invite_form=form)


def _waiting_invitation(sponsor, request):
    """The invitation named in the form, among this organisation's waiting ones (a form
    that names none, or not by number, is not one of our pages: 404)."""
    if not str(request.POST.get("invitation", "")).isdigit():
        raise Http404
    invitation = selectors.waiting_invitation_of(sponsor, int(request.POST["invitation"]))
    if invitation is None:
        messages.info(request, _("This invitation is no longer waiting."))
    return invitation


@require_POST
@role_required(Role.PROGRAM_STAFF)
def invitation_resend(request, public_id):
    sponsor = _sponsor(public_id)
    invitation = _waiting_invitation(sponsor, request)
    if invitation is not None:
        services.invitation_resend(invitation=invitation, by=request.user)
        messages.success(request, _("A new link is on its way; the old one no longer works."))
    return redirect("sponsors_staff:detail", public_id=sponsor.public_id)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def invitation_cancel(request, public_id):
    sponsor = _sponsor(public_id)
    invitation = _waiting_invitation(sponsor, request)
    if invitation is not None:
        try:
            services.invitation_cancel(invitation=invitation, by=request.user)
        except SponsorError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("The invitation is cancelled; its link no longer works."))
    return redirect("sponsors_staff:detail", public_id=sponsor.public_id)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def member_remove(request, public_id):
    """Two steps: the first POST shows what will happen, the second (confirm) does it."""
    sponsor = _sponsor(public_id)
    if not str(request.POST.get("member", "")).isdigit():
        raise Http404
    member = selectors.member_of(sponsor, int(request.POST["member"]))
    if member is None:
        messages.info(request, _("This person no longer signs in for this organisation."))
        return redirect("sponsors_staff:detail", public_id=sponsor.public_id)
    if request.POST.get("confirm") != "yes":
        return render(request, "sponsors/staff/member_remove.html", {"sponsor": sponsor, "member": member})
    services.member_remove(member=member, by=request.user)
    messages.success(request, _("Done. This person no longer signs in for this organisation."))
    return redirect("sponsors_staff:detail", public_id=sponsor.public_id)


# --- Leads ------------------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def lead_list(request):
    form = LeadFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.leads_for_staff(status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sponsors/staff/leads.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(status),
            "query_prefix": f"{urlencode({'status': status})}&" if status else "",
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def lead_detail(request, public_id):
    lead = _lead(public_id)
    form = LeadStatusForm(posted(request), initial={"status": lead.status})
    if request.method == "POST" and form.is_valid():
        services.lead_set_status(lead=lead, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, _("The status is saved."))
        return redirect("sponsors_staff:lead_detail", public_id=lead.public_id)
    return render(request, "sponsors/staff/lead_detail.html", {"lead": lead, "form": form})
