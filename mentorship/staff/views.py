"""Staff pages under `staff/mentors/`: program staff add mentors (an existing account, or
an invitation by email), pair participants with them and answer graduates' offers;
finance and program staff record payments for mentoring hours."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role, User
from cpse.forms import posted
from cpse.numbers import numbers_in
from mentorship import selectors, services
from mentorship.forms import (
    ERROR_FIELDS,
    RATE_EXAMPLE,
    AcceptOfferForm,
    MentorAddForm,
    MentorEditForm,
    PairForm,
    PaymentForm,
)
from mentorship.models import Mentorship, MentorVolunteer
from mentorship.views import PER_PAGE, _save

PAYERS = (Role.PROGRAM_STAFF, Role.FINANCE)


def _mentor(public_id):
    mentor = selectors.mentor_for_staff(public_id)
    if mentor is None:
        raise Http404
    return mentor


@require_GET
@role_required(Role.PROGRAM_STAFF)
def mentor_list(request):
    return render(
        request,
        "mentorship/staff/list.html",
        {
            "mentors": Paginator(selectors.mentors_for_staff(), PER_PAGE).get_page(request.GET.get("page")),
            "invitations": list(selectors.waiting_invitations()[:PER_PAGE]),
            "waiting_offers": MentorVolunteer.objects.filter(status=MentorVolunteer.Status.WAITING).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def mentor_add(request):
    form = MentorAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"].strip()).first()
        fields = {"background": data["background"], "hourly_rate_cents": data["hourly_rate"], "by": request.user}
        try:
            if user is not None:
                mentor = services.mentor_create(user=user, **fields)
                messages.success(
                    request,
                    _("%(name)s is now a mentor. They set up two-step sign-in at their next visit.")
                    % {"name": user.display_name},
                )
                return redirect("mentorship:staff_detail", public_id=mentor.public_id)
            services.invitation_send(email=data["email"], **fields)
        except services.MentorshipError as error:
            form.add_error(ERROR_FIELDS.get(error.code), str(error))
        else:
            messages.success(request, _("The invitation is on its way. The link works once, for 14 days."))
            return redirect("mentorship:staff_list")
    return render(request, "mentorship/staff/add.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def mentor_detail(request, public_id):
    mentor = _mentor(public_id)
    form = MentorEditForm(
        posted(request),
        initial={
            "background": mentor.background,
            "hourly_rate": Decimal(mentor.hourly_rate_cents) / 100,
            "active": mentor.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(
            _Fields(form, background=data["background"], hourly_rate_cents=data["hourly_rate"], active=data["active"]),
            services.mentor_update,
            mentor=mentor,
            by=request.user,
        ):
            messages.success(request, _("Saved."))
            return redirect("mentorship:staff_detail", public_id=mentor.public_id)
    return render(
        request,
        "mentorship/staff/detail.html",
        {
            "mentor": mentor,
            "form": form,
            "mentorships": list(selectors.mentorships_of_mentor(mentor)[:PER_PAGE]),
            "payments": list(selectors.payments_of(mentor)[:PER_PAGE]),
        },
    )


class _Fields:
    """A form whose cleaned data the service takes under other names."""

    def __init__(self, form, **data):
        self.form, self.cleaned_data = form, data

    def add_error(self, field, message):
        self.form.add_error(field, message)


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def pair(request):
    """Pair a participant with a mentor. A participant who has one is paired anew only
    once staff confirm that the current pairing ends."""
    initial = {}
    if request.GET.get("participant"):
        initial["participant"] = request.GET["participant"]
    form = PairForm(posted(request), initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        participant = form.cleaned_data["participant"]
        current = selectors.current_mentorship_for_participant(participant)
        if (
            current is not None
            and current.mentor_id != form.cleaned_data["mentor"].pk
            and not form.cleaned_data["confirm"]
        ):
            form.add_error(
                "confirm",
                _("%(name)s is paired with %(mentor)s. Please confirm that this pairing ends.")
                % {"name": participant.user.display_name, "mentor": current.mentor.user.display_name},
            )
        else:
            mentorship = _save(
                _Fields(form, participant=participant, mentor=form.cleaned_data["mentor"]),
                services.mentorship_pair,
                by=request.user,
            )
            if mentorship:
                messages.success(request, _("Paired. Both have been told there is news for them."))
                return redirect("mentorship:staff_detail", public_id=mentorship.mentor.public_id)
    return render(request, "mentorship/staff/pair.html", {"form": form, "current": current})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def pairing_end(request, public_id):
    mentorship = get_object_or_404(
        Mentorship.objects.select_related("participant__user", "mentor__user"), public_id=public_id
    )
    if request.method == "POST":
        try:
            services.mentorship_end(mentorship=mentorship, by=request.user)
        except services.MentorshipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The pairing has ended. Its meetings stay on record."))
        return redirect("mentorship:staff_detail", public_id=mentorship.mentor.public_id)
    return render(request, "mentorship/staff/pairing_end.html", {"mentorship": mentorship})


# --- Graduates' offers --------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def volunteers(request):
    return render(
        request,
        "mentorship/staff/volunteers.html",
        {
            "offers": Paginator(selectors.offers_for_staff(), PER_PAGE).get_page(request.GET.get("page")),
            "form": AcceptOfferForm(),
        },
    )


def _offer(public_id) -> MentorVolunteer:
    return get_object_or_404(MentorVolunteer.objects.select_related("user"), public_id=public_id)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def volunteer_accept(request, public_id):
    offer = _offer(public_id)
    form = AcceptOfferForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, numbers_in(_("Please enter the hourly rate, for example %(amount)s."), amount=RATE_EXAMPLE)
        )
        return redirect("mentorship:staff_volunteers")
    try:
        mentor = services.volunteer_accept(
            offer=offer, hourly_rate_cents=form.cleaned_data["hourly_rate"], by=request.user
        )
    except services.MentorshipError as error:
        messages.error(request, str(error))
        return redirect("mentorship:staff_volunteers")
    messages.success(request, _("%(name)s is now a mentor. They have been told.") % {"name": offer.user.display_name})
    return redirect("mentorship:staff_detail", public_id=mentor.public_id)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def volunteer_decline(request, public_id):
    offer = _offer(public_id)
    try:
        services.volunteer_decline(offer=offer, by=request.user)
    except services.MentorshipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Declined with thanks. They have been told there is an answer."))
    return redirect("mentorship:staff_volunteers")


# --- Payments (finance and program staff) -------------------------------------------------------


@require_GET
@role_required(*PAYERS)
def payments(request):
    return render(
        request,
        "mentorship/staff/payments.html",
        {
            "unpaid": list(selectors.mentors_with_unpaid()),
            "payments": Paginator(selectors.payments_for_staff(), PER_PAGE).get_page(request.GET.get("page")),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*PAYERS)
def payment_record(request, public_id):
    """What is unpaid and its amount, then record the payment (confirmation)."""
    mentor = _mentor(public_id)
    meetings = list(selectors.unpaid_meetings(mentor))
    minutes = sum(meeting.minutes for meeting in meetings)
    form = PaymentForm(posted(request), initial={"expected_minutes": minutes, "paid_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.payment_record, mentor=mentor, by=request.user)
    ):
        messages.success(request, _("The payment is recorded, and its meetings are marked paid."))
        return redirect("mentorship:staff_payments")
    return render(
        request,
        "mentorship/staff/payment_record.html",
        {
            "mentor": mentor,
            "meetings": meetings,
            "minutes": minutes,
            "amount_cents": services.amount_for(minutes=minutes, hourly_rate_cents=mentor.hourly_rate_cents),
            "form": form,
        },
    )
