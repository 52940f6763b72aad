"""Public and applicant pages: the interest form, the application in steps, the
applicant's own page, and the recommendation link (no account)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import selectors, services
from applications.calendar import ics_response, interview_ics
from applications.forms import (
    STEP_FORMS,
    AppealForm,
    ConfirmForm,
    EligibilityStepForm,
    InterestForm,
    InterviewCancelForm,
    RecommendationLinkForm,
)
from applications.interest.services import interest_signup_create
from applications.models import Application, InterviewSlot
from cohorts import selectors as cohort_selectors
from cpse.forms import posted, posted_files, posted_or_restored
from cpse.ratelimit import client_ip, rate_limited

S = Application.Status


# --- Interest form (public) -------------------------------------------------------------

INTEREST_CONTACT_WAY = "interest_contact_way"


@sensitive_post_parameters("safe_contact_note", "note", "phone", "email")
@require_http_methods(["GET", "POST"])
def interest(request):
    form = InterestForm(posted(request))
    if request.method == "POST":
        if rate_limited(scope="interest", key=client_ip(request), limit=10, seconds=3600):
            messages.error(request, _("Too many forms were sent from here. Please try again in an hour."))
            return render(request, "applications/interest.html", {"form": form}, status=429)
        if form.is_valid():
            if not form.is_automated:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                signup = interest_signup_create(**data)
                # Only the way she chose, so the next page can say what will happen.
                request.session[INTEREST_CONTACT_WAY] = signup.safe_contact
            return redirect("applications:interest_thanks")
    return render(request, "applications/interest.html", {"form": form, "cohort": cohort_selectors.cohort_featured()})


@require_GET
def interest_thanks(request):
    return render(request, "applications/interest_thanks.html", {"way": request.session.get(INTEREST_CONTACT_WAY)})


# --- The applicant's own page -----------------------------------------------------------


def _own_application(request) -> Application:
    application = selectors.application_for_applicant(request.user)
    if application is None:
        raise Http404
    return application


@require_GET
@login_required
def my_application(request):
    cohort = cohort_selectors.cohort_featured()
    application = selectors.application_for_applicant(request.user, featured=cohort)
    context = {
        "application": application,
        "cohort": cohort,
        "window_open": bool(cohort and cohort_selectors.cohort_is_open_for_applications(cohort)),
    }
    if application:
        timeline = selectors.application_timeline(application)
        missed = selectors.interviews_missed(timeline)
        may_book = selectors.may_book_interview(missed=missed)
        interview = getattr(application, "interview", None)
        context.update(
            timeline=timeline,
            missed=missed,
            may_book=may_book,
            can_change_interview=selectors.interview_changeable_by_applicant(interview),
            calendar_entry=selectors.interview_calendar_entry(application)
            if application.status in (S.INTERVIEW_INVITED, S.INTERVIEW_BOOKED)
            else None,
            recommendation_status=selectors.recommendation_status(application),
            missing=services.missing_steps(application),
            steps=Application.Step.choices,
            slots=selectors.open_interview_slots(application)
            if application.status == S.INTERVIEW_INVITED and may_book
            else [],
            appeal=application.appeals.order_by("-submitted_at").first(),
            appeal_form=AppealForm(),
            withdraw_form=ConfirmForm(),
        )
    return render(request, "applications/my_application.html", context)


@require_POST
@login_required
def start(request):
    cohort = cohort_selectors.cohort_featured()
    try:
        if cohort is None:
            raise services.ApplicationError(_("Applications are not open right now."), code="window_closed")
        application = services.application_start(applicant=request.user, cohort=cohort)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:mine")
    return redirect("applications:step", step=application.current_step)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def step(request, step):
    if step not in STEP_FORMS:
        raise Http404
    application = _own_application(request)
    if application.status != S.DRAFT:
        return redirect("applications:mine")
    form_class = STEP_FORMS[step]
    is_model_form = hasattr(form_class, "_meta")
    kwargs = {"instance": application} if is_model_form else {}
    if form_class is EligibilityStepForm:
        kwargs["initial"] = EligibilityStepForm.initial_from(application)
        kwargs["rules"] = application.cohort.requirement_set
        kwargs["uploaded"] = application.education_document_kind
    form = form_class(posted_or_restored(request), posted_files(request), **kwargs)
    is_review = step == Application.Step.REVIEW
    leaving = "leave" in request.POST and not is_review
    if leaving:
        form.allow_unanswered()
    if request.method == "POST" and form.is_valid():
        if is_review:
            return _submit(request, application)
        data = form.step_data() if hasattr(form, "step_data") else form.cleaned_data
        services.application_save_step(application=application, step=step, data=data)
        if leaving:
            messages.success(request, _("Your answers are saved. You can come back at any time."))
            return redirect("applications:mine")
        if step == Application.Step.ELIGIBILITY and not services.eligibility_check(application=application).eligible:
            # Said here, where she answered, not only at the end (the page explains it).
            return redirect("applications:step", step=step)
        following = services.STEP_ORDER[services.STEP_ORDER.index(step) + 1]
        return redirect("applications:step", step=following)
    if not form.is_bound and not is_review:
        form.mark_still_to_answer(services.still_to_answer(application, step))
    steps = Application.Step.choices
    position = services.STEP_ORDER.index(step)
    return render(
        request,
        "applications/step.html",
        {
            "application": application,
            "form": form,
            "step": step,
            "step_label": Application.Step(step).label,
            "steps": steps,
            "position": position + 1,
            "previous": services.STEP_ORDER[position - 1] if position else None,
            "following": services.STEP_ORDER[position + 1] if not is_review else None,
            "missing": services.missing_steps(application) if is_review else [],
            "eligibility": services.eligibility_check(application=application)
            if step in (Application.Step.ELIGIBILITY, Application.Step.REVIEW)
            else None,
        },
    )


def _submit(request, application):
    try:
        services.application_submit(application=application, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:step", step=Application.Step.REVIEW)
    messages.success(request, _("Your application is complete. We'll write within two weeks."))
    return redirect("applications:mine")


@require_POST
@login_required
def book_interview(request, slot_id):
    application = _own_application(request)
    slot = get_object_or_404(InterviewSlot, public_id=slot_id, cohort=application.cohort)
    try:
        services.interview_book(application=application, slot=slot, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your interview is booked. You can add it to your calendar below."))
    return redirect("applications:mine")


def _interview_change_page(request, application, *, cancel_form=None, status=200):
    interview = getattr(application, "interview", None)
    return render(
        request,
        "applications/interview_change.html",
        {
            "application": application,
            "interview": interview,
            "can_change": selectors.interview_changeable_by_applicant(interview),
            "closes": selectors.interview_change_closes(interview) if interview else None,
            "hours": settings.INTERVIEW_CHANGE_HOURS_BEFORE,
            "slots": selectors.open_interview_slots(application) if interview else [],
            "cancel_form": cancel_form or InterviewCancelForm(),
        },
        status=status,
    )


@require_GET
@login_required
def interview_change(request):
    """Move the booked interview to another open time, or cancel it (a reason if she wishes)."""
    application = _own_application(request)
    if application.status != S.INTERVIEW_BOOKED:
        return redirect("applications:mine")
    return _interview_change_page(request, application)


@require_POST
@login_required
def interview_move(request, slot_id):
    application = _own_application(request)
    slot = get_object_or_404(InterviewSlot, public_id=slot_id, cohort=application.cohort)
    try:
        services.interview_reschedule(application=application, slot=slot, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:interview_change")
    messages.success(request, _("Your interview is moved to the new time. Please download it again for your calendar."))
    return redirect("applications:mine")


@sensitive_post_parameters("cancel-reason")
@require_POST
@login_required
def interview_cancel(request):
    application = _own_application(request)
    form = InterviewCancelForm(request.POST)
    if not form.is_valid():
        return _interview_change_page(request, application, cancel_form=form)
    try:
        services.interview_booking_cancel(application=application, by=request.user, reason=form.cleaned_data["reason"])
    except services.ApplicationError as error:
        # The same page again, with what she wrote.
        messages.error(request, str(error))
        return _interview_change_page(request, application, cancel_form=form)
    messages.success(
        request,
        _("Your interview time is cancelled. You can choose another time below when you are ready."),
    )
    return redirect("applications:mine")


@never_cache
@require_GET
@login_required
def interview_calendar(request):
    """Her interview as an .ics file (offered on the site, not attached to email); after a
    cancellation, the file that removes it from her calendar."""
    application = _own_application(request)
    entry = selectors.interview_calendar_entry(application)
    if entry is None:
        raise Http404
    interview = getattr(application, "interview", None)
    return ics_response(interview_ics(entry, location=interview.slot.location if interview else ""))


@require_POST
@login_required
def withdraw(request):
    application = _own_application(request)
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, _("Please tick the box to confirm that you want to withdraw."))
        return redirect("applications:mine")
    try:
        services.application_withdraw(application=application, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application is withdrawn. You are welcome to apply again in a later year."))
    return redirect("applications:mine")


@sensitive_post_parameters("reason")
@require_POST
@login_required
def appeal(request):
    application = _own_application(request)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tell us briefly why you would like a review."))
        return redirect("applications:mine")
    try:
        services.appeal_submit(application=application, reason=form.cleaned_data["reason"])
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("We have your request for a review. We will write when it is done."))
    return redirect("applications:mine")


# --- Recommendation link (no account) ------------------------------------------------------


@never_cache
@sensitive_post_parameters("relationship", "text")
@require_http_methods(["GET", "POST"])
def recommend(request, token):
    if rate_limited(scope="recommend", key=client_ip(request), limit=30, seconds=3600):
        return render(
            request,
            "applications/recommend_closed.html",
            {"message": _("Too many attempts. Please try again in an hour.")},
            status=429,
        )
    try:
        recommendation = services.recommendation_for_token(token)
    except services.LinkError as error:
        return render(
            request,
            "applications/recommend_closed.html",
            {"message": str(error)},
            status=410 if error.code != "invalid_link" else 404,
        )
    form = RecommendationLinkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_submit(
                token=token,
                relationship=form.cleaned_data["relationship"],
                text=form.cleaned_data["text"],
                recommends=form.cleaned_data["recommends"] == "yes",
            )
        except services.LinkError as error:
            return render(request, "applications/recommend_closed.html", {"message": str(error)}, status=410)
        return render(
            request,
            "applications/recommend_closed.html",
            {"message": _("Thank you. Your recommendation has been received."), "thanks": True},
        )
    return render(
        request,
        "applications/recommend.html",
        {"form": form, "recommendation": recommendation, "applicant": recommendation.application.applicant},
    )
