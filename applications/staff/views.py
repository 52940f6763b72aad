"""Program staff pages for applications (queue, review, interviews, decisions).

Who may do what:
- Program staff: everything here.
- Instructors (the program's assessors) open the list of interview times and the rubric
  page of a booked interview, to record their own scores. They do not open the queue or
  an application's page (eligibility answers, recommendation, staff notes), and they do
  not create interview times.
- Everyone else: 403; not signed in: the sign-in page.

Each change is a POST to its own URL that calls one service. A refusal from the service
becomes a message on the page; where a refusal would lose what someone wrote (a decision
message, rubric comments), the same page is shown again with their text.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from applications import selectors, services
from applications.access.selectors import access_needs_for
from applications.calendar import ics_response, interview_ics
from applications.confirmers.selectors import verified_keys
from applications.confirmers.views import verify_page
from applications.models import Appeal, Application, InterviewSlot
from applications.staff.forms import (
    AppealDecisionForm,
    BookedSlotDeleteForm,
    DecisionForm,
    DecisionTemplateFormSet,
    InterviewCancelStaffForm,
    InterviewCohortForm,
    InterviewMissedForm,
    InterviewMoveForm,
    InterviewPanelForm,
    InterviewSeriesForm,
    InterviewSlotChangeForm,
    InterviewSlotForm,
    QueueFilterForm,
    RecommendationContactForm,
    RubricForm,
    StaffNoteForm,
    WithdrawForm,
)
from cohorts.selectors import cohort_has_ended
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from cpse.uploads import document_download

PAGE_SIZE = 50
S = Application.Status
ASSESSORS = (Role.PROGRAM_STAFF, Role.INSTRUCTOR)
# Which field a refusal from the interview-time services belongs next to (others at the top).
SLOT_ERROR_FIELDS = {
    "past_slot": "starts_at",
    "overlap": "starts_at",
    "bad_duration": "duration_minutes",
    "no_location": "location",
}
SERIES_ERROR_FIELDS = {
    "past_slot": "first",
    "bad_duration": "duration_minutes",
    "bad_gap": "gap_minutes",
    "no_times": "until",
    "too_many_times": "until",
    "no_location": "location",
}
# While an application is open, staff may change the agency contact or send the link
# again. Not for a draft (the person has not sent it or agreed to it yet) and not once it
# is decided or withdrawn (nobody should write to the agency then).
RECOMMENDATION_OPEN = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.INTERVIEW_INVITED, S.INTERVIEW_BOOKED, S.INTERVIEWED, S.WAITLISTED}
)


def _application(public_id) -> Application:
    """The application an action is about (the decorators have checked the role)."""
    return get_object_or_404(
        Application.objects.select_related("applicant", "cohort__requirement_set"), public_id=public_id
    )


def _to_detail(application: Application, anchor: str = ""):
    return redirect(reverse("applications_staff:detail", args=[application.public_id]) + anchor)


def _attempt(request, service, *, success: str, **kwargs) -> bool:
    """Call one service; a refusal becomes a message on the page."""
    try:
        service(**kwargs)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


# --- The queue --------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def queue(request):
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.applications_for_staff(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {
        "status": filters["status"],
        "cohort": filters["cohort"].pk if filters["cohort"] else "",
        "state": filters["state"],
    }
    kept = {name: value for name, value in kept.items() if value}
    return render(
        request,
        "applications/staff/queue.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.queue_rows(page.object_list),
            "filtered": bool(kept),
            "query_prefix": f"{urlencode(kept)}&" if kept else "",
        },
    )


# --- One application --------------------------------------------------------------------


def _detail_page(request, public_id, **forms):
    """The application's page; `forms` are bound forms to show again with their errors."""
    application = selectors.application_for_staff(public_id=public_id)
    if application is None:
        raise Http404
    access_log_record(
        viewer=request.user, subject=application.applicant, record_kind=AccessLogEntry.RecordKind.APPLICATION
    )
    interview = getattr(application, "interview", None)
    appeals = list(application.appeals.all())
    started = interview is not None and selectors.interview_has_started(interview)
    booked = interview is not None and application.status == S.INTERVIEW_BOOKED
    allowed = services.TRANSITIONS[application.status]
    # An offer straight from review is refused by the service when the cohort asks for an
    # interview; the button is not offered either.
    skip_accept = application.status == S.UNDER_REVIEW and application.cohort.requirement_set.requires_interview
    context = {
        "application": application,
        "applicant": application.applicant,
        "answers": selectors.eligibility_answers(application),
        "eligibility": services.eligibility_check(application=application),
        "recommendations": list(application.recommendations.all()),
        "recommender_verified": bool(verified_keys([application.agency_contact_email])),
        "events": application.events.all(),
        "notes": application.staff_notes.all(),
        "interview": interview,
        "calendar_entry": selectors.interview_calendar_entry(application)
        if application.status in (S.INTERVIEW_INVITED, S.INTERVIEW_BOOKED)
        else None,
        "missed": selectors.interviews_missed(application.events.all()),
        "can_change_interview": booked and not started,
        "can_mark_missed": booked and started and not interview.scores.all(),
        "rebooks_allowed": settings.INTERVIEW_NO_SHOW_REBOOKS,
        "move_form": forms.get("move_form")
        or (InterviewMoveForm(slots=selectors.open_interview_slots(application)) if booked and not started else None),
        "cancel_form": forms.get("cancel_form") or InterviewCancelStaffForm(),
        "missed_form": forms.get("missed_form") or InterviewMissedForm(),
        "rubric": selectors.rubric_summary(list(interview.scores.all())) if interview else None,
        "access": access_needs_for([application.applicant_id]),
        "appeals": appeals,
        "open_appeal": next((appeal for appeal in appeals if appeal.outcome == Appeal.Outcome.PENDING), None),
        "can_review": application.status == S.SUBMITTED,
        "can_invite": application.status == S.UNDER_REVIEW,
        "decisions": [
            (decision, S(decision).label)
            for decision in services.DECISIONS
            if decision in allowed and not (decision == S.ACCEPTED and skip_accept)
        ],
        "can_withdraw": S.WITHDRAWN in allowed,
        "can_change_recommendation": application.status in RECOMMENDATION_OPEN,
        "note_form": forms.get("note_form") or StaffNoteForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "recommendation_form": forms.get("recommendation_form")
        or RecommendationContactForm(
            initial={
                "agency_name": application.agency_name,
                "contact_name": application.agency_contact_name,
                "contact_email": application.agency_contact_email,
            }
        ),
        "appeal_form": forms.get("appeal_form") or AppealDecisionForm(),
    }
    return render(request, "applications/staff/detail.html", context)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def detail(request, public_id):
    return _detail_page(request, public_id)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def education_document(request, public_id):
    """The uploaded GED or diploma, as a download (never shown in the browser)."""
    application = _application(public_id)
    response = document_download(application.education_document, name="education-document")
    access_log_record(
        viewer=request.user, subject=application.applicant, record_kind=AccessLogEntry.RecordKind.APPLICATION
    )
    return response


@require_POST
@role_required(Role.PROGRAM_STAFF)
def mark_under_review(request, public_id):
    application = _application(public_id)
    _attempt(
        request,
        services.application_transition,
        application=application,
        to=S.UNDER_REVIEW,
        by=request.user,
        success=_("The application is now being reviewed."),
    )
    return _to_detail(application)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def invite(request, public_id):
    application = _application(public_id)
    _attempt(
        request,
        services.interview_invite,
        application=application,
        by=request.user,
        success=_(
            "The person has been invited to choose an interview time. They receive an email saying there is news."
        ),
    )
    return _to_detail(application)


def _decision_page(request, application: Application, form: DecisionForm):
    decision = form["decision"].value()
    form.fields["message"].widget.attrs["lang"] = application.applicant.preferred_language
    context = {"application": application, "form": form, "decision": decision, "decision_label": S(decision).label}
    # Accepting into a cohort whose program is over is allowed (a late start), but said.
    context["cohort_has_ended"] = cohort_has_ended(application.cohort)
    return render(request, "applications/staff/decision.html", context)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def decision(request, public_id):
    """The confirmation step of a decision, with the message in the person's language."""
    application = _application(public_id)
    chosen = request.GET.get("decision")
    if chosen not in services.DECISIONS:
        messages.error(request, _("Please choose accept, waiting list or decline."))
        return _to_detail(application)
    message = services.decision_message(kind=chosen, language=application.applicant.preferred_language)
    return _decision_page(request, application, DecisionForm(initial={"decision": chosen, "message": message}))


@require_POST
@role_required(Role.PROGRAM_STAFF)
@sensitive_post_parameters("decision-message")
def decide(request, public_id):
    application = _application(public_id)
    form = DecisionForm(request.POST)
    if "decision" in form.errors or not form["decision"].value():
        messages.error(request, _("Please choose accept, waiting list or decline."))
        return _to_detail(application)
    if not form.is_valid():
        return _decision_page(request, application, form)
    try:
        services.application_decide(
            application=application,
            decision=form.cleaned_data["decision"],
            by=request.user,
            message=form.cleaned_data["message"],
        )
    except services.ApplicationError as error:
        messages.error(request, str(error))
        # The same page again, with the message as typed (and the status as it now is).
        return _decision_page(request, _application(public_id), form)
    messages.success(request, _("The decision is saved. The person receives an email saying there is news."))
    return _to_detail(application)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def withdraw(request, public_id):
    application = _application(public_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, withdraw_form=form)
    _attempt(
        request,
        services.application_withdraw,
        application=application,
        by=request.user,
        success=_("The application has been withdrawn."),
    )
    return _to_detail(application)


@require_POST
@role_required(Role.PROGRAM_STAFF)
@sensitive_post_parameters("note-text")
def note_add(request, public_id):
    application = _application(public_id)
    form = StaffNoteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, note_form=form)
    _attempt(
        request,
        services.staff_note_add,
        application=application,
        author=request.user,
        text=form.cleaned_data["text"],
        success=_("Your note is saved."),
    )
    return _to_detail(application, "#notes")


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def recommender_verify(request, public_id):
    """Verify the agency contact the application names (once, for every applicant)."""
    application = _application(public_id)
    if not application.agency_contact_email:
        raise Http404
    return verify_page(
        request,
        email=application.agency_contact_email,
        name=application.agency_contact_name,
        organisation=application.agency_name,
        role=_("Recommending agency contact"),
        back_url=reverse("applications_staff:detail", args=[application.public_id]) + "#recommendation",
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def recommendation_contact(request, public_id):
    """Change the agency contact, or send the same contact a new link ("send again")."""
    application = _application(public_id)
    if application.status not in RECOMMENDATION_OPEN:
        messages.error(request, _("The recommending agency can be changed only while the application is open."))
        return _to_detail(application)
    form = RecommendationContactForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, recommendation_form=form)
    _attempt(
        request,
        services.recommendation_contact_replace,
        application=application,
        agency_name=form.cleaned_data["agency_name"],
        contact_name=form.cleaned_data["contact_name"],
        contact_email=form.cleaned_data["contact_email"],
        by=request.user,
        success=_("A new private link has been sent to the agency contact. Any earlier link no longer works."),
    )
    return _to_detail(application, "#recommendation")


@require_POST
@role_required(Role.PROGRAM_STAFF)
@sensitive_post_parameters("appeal-note")
def appeal_decide(request, public_id):
    """Decide the application's latest request for review (there is one open at most)."""
    application = _application(public_id)
    appeal = application.appeals.order_by("-submitted_at", "-pk").first()
    if appeal is None:
        raise Http404
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, appeal_form=form)
    _attempt(
        request,
        services.appeal_decide,
        appeal=appeal,
        outcome=form.cleaned_data["outcome"],
        note=form.cleaned_data["note"],
        by=request.user,
        success=_("The review is decided. The person receives an email saying there is news."),
    )
    return _to_detail(application, "#appeals")


# --- One application's interview: move, cancel, missed, calendar -----------------------------


@require_POST
@role_required(Role.PROGRAM_STAFF)
def interview_move(request, public_id):
    """Move the booked interview to another open time, for the applicant."""
    application = _application(public_id)
    form = InterviewMoveForm(request.POST, slots=selectors.open_interview_slots(application))
    if not form.is_valid():
        return _detail_page(request, public_id, move_form=form)
    moved = _attempt(
        request,
        services.interview_reschedule,
        application=application,
        slot=form.cleaned_data["slot"],
        by=request.user,
        success=_("The interview is moved. The person and the interviewers receive an email saying there is news."),
    )
    if not moved:
        return _detail_page(request, public_id, move_form=form)
    return _to_detail(application, "#interview")


@require_POST
@role_required(Role.PROGRAM_STAFF)
@sensitive_post_parameters("cancel-reason")
def interview_cancel(request, public_id):
    """Cancel the booked interview for the applicant (who can then choose another time)."""
    application = _application(public_id)
    form = InterviewCancelStaffForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, cancel_form=form)
    cancelled = _attempt(
        request,
        services.interview_booking_cancel,
        application=application,
        by=request.user,
        reason=form.cleaned_data["reason"],
        success=_(
            "The interview time is cancelled and free again. The person receives an email saying there is news, "
            "and can choose another time."
        ),
    )
    if not cancelled:
        return _detail_page(request, public_id, cancel_form=form)
    return _to_detail(application, "#interview")


@require_POST
@role_required(Role.PROGRAM_STAFF)
def interview_missed(request, public_id):
    """The person did not come: she is offered a new time (as the settings allow)."""
    application = _application(public_id)
    form = InterviewMissedForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, public_id, missed_form=form)
    _attempt(
        request,
        services.interview_missed_record,
        application=application,
        by=request.user,
        success=_("The interview is marked as missed. The person receives an email saying there is news."),
    )
    return _to_detail(application, "#interview")


@never_cache
@require_GET
@role_required(*ASSESSORS)
def interview_calendar(request, public_id):
    """The interview as an .ics file for program staff and the interviewers on its panel
    (the same calendar entry as the applicant's; cancelled once it is)."""
    application = _application(public_id)
    interview = getattr(application, "interview", None)
    if not request.user.is_program_staff and not (
        interview is not None and selectors.is_on_panel(slot_id=interview.slot_id, user=request.user)
    ):
        raise Http404  # an instructor not on the panel does not learn of the interview
    entry = selectors.interview_calendar_entry(application)
    if entry is None:
        raise Http404
    link = settings.SITE_URL + reverse("applications_staff:detail", args=[application.public_id])
    return ics_response(interview_ics(entry, location=interview.slot.location if interview else "", link=link))


# --- Interviews ---------------------------------------------------------------------------


def _interviews_url(cohort_id) -> str:
    return f"{reverse('applications_staff:interviews')}?{urlencode({'cohort': cohort_id})}"


def _interviews_page(request, *, slot_form: InterviewSlotForm | None = None, cohort=None):
    choice = InterviewCohortForm(request.GET)
    choice.is_valid()
    cohort = cohort or choice.cleaned_data.get("cohort") or selectors.latest_cohort()
    past = bool(choice.cleaned_data.get("past"))
    to_score = bool(choice.cleaned_data.get("to_score"))
    interviewer = None if request.user.is_program_staff else request.user
    slots = (
        list(selectors.interview_slots_for_staff(cohort=cohort, past=past, to_score=to_score, interviewer=interviewer))
        if cohort
        else []
    )
    if slot_form is None and request.user.is_program_staff and cohort is not None:
        slot_form = InterviewSlotForm(initial={"cohort": cohort})
    return render(
        request,
        "applications/staff/interviews.html",
        {
            "choice_form": InterviewCohortForm(initial={"cohort": cohort, "past": past}),
            "cohort": cohort,
            "past": past,
            "to_score": to_score,
            "slots": slots,
            "access": access_needs_for(
                slot.interview.application.applicant_id for slot in slots if hasattr(slot, "interview")
            ),
            "slot_form": slot_form,
        },
    )


@require_GET
@role_required(*ASSESSORS)
def interviews(request):
    return _interviews_page(request)


def _slot(public_id) -> InterviewSlot:
    slot = selectors.interview_slot_for_staff(public_id=public_id)
    if slot is None:
        raise Http404
    return slot


def _saved(form, service, error_fields: dict[str, str], **kwargs):
    """Call the service; a refusal goes next to its field (others at the top) and the
    result is None."""
    try:
        return service(**kwargs)
    except services.ApplicationError as error:
        form.add_error(error_fields.get(error.code), str(error))
        return None


@require_POST
@role_required(Role.PROGRAM_STAFF)
def interview_slot_create(request):
    form = InterviewSlotForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        slot = _saved(
            form,
            services.interview_slot_create,
            SLOT_ERROR_FIELDS,
            cohort=data["cohort"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            location=data["location"],
            by=request.user,
        )
        if slot:
            messages.success(request, _("The interview time is added. Applicants who were invited can now choose it."))
            return redirect(_interviews_url(slot.cohort_id))
    return _interviews_page(request, slot_form=form, cohort=form.cleaned_data.get("cohort"))


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def interview_slot_series(request):
    """Several interview times at once: a day, from a time until another, a length, a gap."""
    choice = InterviewCohortForm(request.GET)
    choice.is_valid()
    cohort = choice.cleaned_data.get("cohort") or selectors.latest_cohort()
    form = InterviewSeriesForm(posted(request), initial={"cohort": cohort})
    if request.method == "POST" and form.is_valid():
        slots = _saved(
            form,
            services.interview_slot_create_series,
            SERIES_ERROR_FIELDS,
            **form.service_arguments(),
            by=request.user,
        )
        if slots:
            messages.success(
                request,
                ngettext(
                    "%(count)s interview time is added. Applicants who were invited can now choose it.",
                    "%(count)s interview times are added. Applicants who were invited can now choose them.",
                    len(slots),
                )
                % {"count": len(slots)},
            )
            return redirect(_interviews_url(form.cleaned_data["cohort"].pk))
    return render(
        request,
        "applications/staff/interview_series.html",
        {"form": form, "most": services.MAX_INTERVIEW_TIMES_AT_ONCE},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def interview_slot_edit(request, public_id):
    """Change a time. A booked one: only once staff tick that the applicant is told."""
    slot = _slot(public_id)
    booking = getattr(slot, "interview", None)
    form = InterviewSlotChangeForm(
        posted(request), initial=InterviewSlotChangeForm.initial_from(slot), booked=booking is not None
    )
    if request.method == "POST" and form.is_valid():
        changed = _saved(
            form,
            services.interview_slot_change,
            SLOT_ERROR_FIELDS,
            slot=slot,
            starts_at=form.cleaned_data["starts_at"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            location=form.cleaned_data["location"],
            by=request.user,
            applicant_told=form.cleaned_data.get("applicant_told", False),
        )
        if changed:
            if booking is not None:
                messages.success(
                    request,
                    _(
                        "The interview time is changed. The applicant and the interviewers receive an email "
                        "saying there is news."
                    ),
                )
            else:
                messages.success(request, _("The interview time is changed."))
            return redirect(_interviews_url(slot.cohort_id))
    return render(
        request,
        "applications/staff/interview_slot_edit.html",
        {"slot": slot, "form": form, "booking": booking},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def interview_slot_delete(request, public_id):
    """A confirmation page, then the POST that deletes. A booked time: only once staff
    tick that the applicant is told (her booking is cancelled; she chooses another)."""
    slot = _slot(public_id)
    booking = getattr(slot, "interview", None)
    form = BookedSlotDeleteForm(posted(request)) if booking is not None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        _attempt(
            request,
            services.interview_slot_delete,
            slot=slot,
            by=request.user,
            applicant_told=booking is not None,
            success=_("The interview time is deleted."),
        )
        return redirect(_interviews_url(slot.cohort_id))
    return render(
        request,
        "applications/staff/interview_slot_delete.html",
        {"slot": slot, "booking": booking, "form": form},
    )


@require_http_methods(["GET", "POST"])
@role_required(*ASSESSORS)
@sensitive_post_parameters("comments")
def score(request, public_id):
    """One interviewer's rubric for a booked interview: their own scores, shown again.
    Before the interview starts the page says when scoring opens, and has no form."""
    interview = selectors.interview_for_staff(public_id=public_id)
    if interview is None:
        raise Http404
    on_panel = selectors.is_on_panel(slot_id=interview.slot_id, user=request.user)
    if not (on_panel or request.user.is_program_staff):
        raise Http404  # an instructor not on the panel does not learn of the interview
    started = selectors.interview_has_started(interview)
    previous = selectors.interview_score_by(interview=interview, interviewer=request.user)
    form = RubricForm(
        request.POST if request.method == "POST" and started else None,
        criteria=selectors.rubric_criteria_in_use(),
        initial=RubricForm.initial_from(previous),
    )
    if request.method == "POST" and started and form.is_valid():
        saved = _attempt(
            request,
            services.interview_score_record,
            interview=interview,
            interviewer=request.user,
            scores=form.scores(),
            comments=form.cleaned_data["comments"],
            success=_("Your scores are saved."),
        )
        if saved:
            if request.user.is_program_staff:
                return _to_detail(interview.application, "#interview")
            return redirect("applications_staff:interviews")
    return render(
        request,
        "applications/staff/score.html",
        {
            "interview": interview,
            "application": interview.application,
            "form": form,
            "previous": previous,
            "on_panel": on_panel,
            "started": started,
            "access": access_needs_for([interview.application.applicant_id]),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def interview_panel(request, public_id):
    """Choose who interviews at this time (the panel scores it and sees what interviewers see)."""
    slot = get_object_or_404(InterviewSlot.objects.select_related("cohort"), public_id=public_id)
    form = InterviewPanelForm(posted(request), initial={"interviewers": selectors.panel_of(slot)})
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            request,
            services.interview_panel_set,
            slot=slot,
            interviewers=form.cleaned_data["interviewers"],
            by=request.user,
            success=_("The interviewers are saved."),
        )
        if saved:
            return redirect(_interviews_url(slot.cohort_id))
    return render(request, "applications/staff/interview_panel.html", {"slot": slot, "form": form})


# --- Decision messages --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def decision_templates(request):
    formset = DecisionTemplateFormSet(
        request.POST if request.method == "POST" else None, queryset=selectors.decision_templates_for_staff()
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            # Existing messages only: the page edits them, it never adds one.
            for form in formset.initial_forms:
                if form.has_changed():
                    services.decision_template_update(
                        template=form.instance, body=form.cleaned_data["body"], by=request.user
                    )
        messages.success(request, _("The messages are saved. They are used for decisions from now on."))
        return redirect("applications_staff:decision_templates")
    return render(request, "applications/staff/decision_templates.html", {"formset": formset})
