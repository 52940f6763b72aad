"""The mentor's portal (`mentor/`), the participant's page about their mentor
(`my-mentor/`), a graduate's offer to mentor (`mentor/volunteer/`) and the invitation link.

A mentor reaches a mentee only through `mentee_for_mentor` (their own current pairings:
anyone else's is a 404), and sees them only through `mentee_cards`, which holds nothing
the participant does not share. A share that is off is a 403 on its page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.invitations.views import invitation_accept_page, invitation_page
from accounts.models import Role
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record_kinds
from cpse.forms import posted
from mentorship import selectors, services
from mentorship.forms import ERROR_FIELDS, MeetingForm, ShareForm, VolunteerForm
from mentorship.models import Mentorship, MentorVolunteer

PER_PAGE = 50


def _save(form, service, **kwargs):
    """Call the service with the form's data; a refusal goes next to its field (None)."""
    try:
        return service(**form.cleaned_data, **kwargs) or True
    except services.MentorshipError as error:
        form.add_error(ERROR_FIELDS.get(error.code), str(error))
        return None


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _my_mentor(request):
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None or not mentor.active:
        raise PermissionDenied
    return mentor


def _mentee(request, public_id):
    # The pairing and its mentor in one query; the mentor account is read on its own only
    # when none is found, to refuse (403) someone who is not an active mentor.
    mentorship = selectors.mentee_for_mentor(user=request.user, public_id=public_id)
    if mentorship is None:
        _my_mentor(request)
        raise Http404
    return mentorship.mentor, mentorship


# --- The mentor ---------------------------------------------------------------------------------


@sensitive_variables("cards")
@require_GET
@role_required(Role.MENTOR)
def portal(request):
    mentor = _my_mentor(request)
    cards = selectors.mentee_cards(list(selectors.current_mentees(mentor)))
    return render(
        request,
        "mentorship/portal.html",
        {"mentor": mentor, "cards": cards, "hours": selectors.hours_of(mentor)},
    )


def _record_view(request, mentorship: Mentorship, *, contact_shown: bool) -> None:
    """A mentor opening what a mentee shares is written to the access log, like staff; a
    page showing the contact card adds its own row, as the staff's pages do."""
    kinds = ((AccessLogEntry.RecordKind.PARTICIPANT,) if request.method == "GET" else ()) + (
        (AccessLogEntry.RecordKind.CONTACT,) if contact_shown else ()
    )
    access_log_record_kinds(viewer=request.user, subject=mentorship.participant.user, record_kinds=kinds)


@sensitive_variables("card")
@require_http_methods(["GET", "POST"])
@role_required(Role.MENTOR)
def mentee(request, public_id):
    """The mentee's page: what they share, the meetings, and a form to log one."""
    mentor, mentorship = _mentee(request, public_id)
    form = MeetingForm(posted(request), initial={"met_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.meeting_log, mentorship=mentorship, by=request.user)
    ):
        messages.success(request, _("Thank you. The meeting is logged."))
        return redirect("mentorship:mentee", public_id=mentorship.public_id)
    (card,) = selectors.mentee_cards([mentorship])
    _record_view(request, mentorship, contact_shown=card.shares_contact)
    return render(
        request,
        "mentorship/mentee.html",
        {
            "card": card,
            "form": form,
            "meetings": _page(request, selectors.meetings_of(mentorship).select_related("payment")),
        },
    )


@sensitive_variables("card")
@require_GET
@role_required(Role.MENTOR)
def mentee_shared(request, public_id, share):
    """One thing the mentee shares, on its own page; not shared: 403."""
    if share not in selectors.SHARES:
        raise Http404
    _mentor, mentorship = _mentee(request, public_id)
    if not getattr(mentorship, selectors.SHARES[share]):
        raise PermissionDenied
    (card,) = selectors.mentee_cards([mentorship])
    _record_view(request, mentorship, contact_shown=share == "contact")
    return render(request, "mentorship/mentee_shared.html", {"card": card, "share": share})


def _meeting(request, public_id):
    mentor = _my_mentor(request)
    meeting = selectors.meeting_for_mentor(mentor=mentor, public_id=public_id)
    if meeting is None:
        raise Http404
    return meeting


@require_http_methods(["GET", "POST"])
@role_required(Role.MENTOR)
def meeting_edit(request, public_id):
    meeting = _meeting(request, public_id)
    form = MeetingForm(posted(request), initial=MeetingForm.initial_from(meeting))
    back = reverse("mentorship:hours")
    if meeting.payment_id is not None:
        messages.info(request, _("This meeting has been paid and can no longer be changed."))
        return redirect(back)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.meeting_update, meeting=meeting, by=request.user)
    ):
        messages.success(request, _("The meeting is corrected."))
        return redirect(back)
    return render(request, "mentorship/meeting_edit.html", {"meeting": meeting, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.MENTOR)
def meeting_delete(request, public_id):
    meeting = _meeting(request, public_id)
    if request.method == "POST":
        try:
            services.meeting_delete(meeting=meeting, by=request.user)
        except services.MentorshipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The meeting is deleted."))
        return redirect("mentorship:hours")
    return render(request, "mentorship/meeting_delete.html", {"meeting": meeting})


@require_GET
@role_required(Role.MENTOR)
def hours(request):
    mentor = _my_mentor(request)
    return render(
        request,
        "mentorship/hours.html",
        {
            "mentor": mentor,
            "hours": selectors.hours_of(mentor),
            "meetings": _page(request, selectors.meetings_of_mentor(mentor)),
            "payments": list(selectors.payments_of(mentor)[:PER_PAGE]),
        },
    )


# --- A graduate's offer -------------------------------------------------------------------------


@sensitive_post_parameters("message")
@require_http_methods(["GET", "POST"])
@login_required
def volunteer(request):
    """Graduates may offer to mentor; others read how it works."""
    graduate = selectors.is_graduate(request.user)
    mentor = selectors.mentor_for_user(request.user)
    is_mentor = mentor is not None and mentor.active
    offer = MentorVolunteer.objects.filter(user=request.user).first()
    form = VolunteerForm(posted(request))
    if request.method == "POST":
        if not graduate:
            raise PermissionDenied
        if form.is_valid() and _save(form, services.volunteer_offer, user=request.user):
            messages.success(request, _("Thank you for offering to mentor. The program team will be in touch."))
            return redirect("mentorship:volunteer")
    return render(
        request,
        "mentorship/volunteer.html",
        {"graduate": graduate, "is_mentor": is_mentor, "offer": offer, "form": form},
    )


# --- The participant ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def mine(request):
    """Who the participant's mentor is, what they share with them (nothing by default),
    and the meetings logged."""
    mentorship = selectors.my_mentorship(request.user)
    if mentorship is None:
        if request.method == "POST":
            raise Http404
        return render(
            request,
            "mentorship/mine.html",
            {"mentorship": None, "graduate": selectors.is_graduate(request.user)},
        )
    form = ShareForm(posted(request), initial={name: getattr(mentorship, name) for name in Mentorship.SHAREABLE})
    if request.method == "POST" and form.is_valid():
        try:
            services.shares_set(mentorship=mentorship, choices=form.cleaned_data, by=request.user)
        except services.MentorshipError as error:  # the pairing ended a moment ago
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved. Your mentor now sees only what you chose."))
        return redirect("mentorship:mine")
    return render(
        request,
        "mentorship/mine.html",
        {
            "mentorship": mentorship,
            "form": form,
            "meetings": _page(request, selectors.meetings_of(mentorship)),
            "graduate": selectors.is_graduate(request.user),
        },
    )


# --- The invitation link ------------------------------------------------------------------------


@never_cache
@require_GET
def invitation(request, token):
    return invitation_page(
        request,
        token=token,
        find=services.invitation_for_token,
        error=services.InvitationError,
        template="mentorship/invitation.html",
        accept_url=reverse("mentorship:invitation_accept", args=[token]),
        scope="mentor-invitation",
    )


@require_POST
def invitation_accept(request, token):
    _mentor, response = invitation_accept_page(
        request,
        token=token,
        accept=services.invitation_accept,
        error=services.InvitationError,
        page_url=reverse("mentorship:invitation", args=[token]),
    )
    if response:
        return response
    messages.success(request, _("Welcome, and thank you for mentoring."))
    # The portal asks for two-step sign-in first (accounts.middleware.MFARequiredMiddleware).
    return redirect("mentorship:portal")
