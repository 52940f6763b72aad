"""Training sessions: the participant's sessions page; program staff's schedule (list,
new, change, delete); the attendance sheet for program staff and instructors.

A session is found by its public id: an unknown one is a 404 for those who may use
these pages (the others are refused before the lookup)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from applications.access.selectors import access_needs_for
from cohorts.selectors import current_participation, working_cohort
from cohorts.services import working_cohort_choose
from cpse.forms import posted
from requirements_tracking.sessions import services
from requirements_tracking.sessions.forms import SESSION_ERROR_FIELDS, AttendanceForm, SessionFilterForm, SessionForm
from requirements_tracking.sessions.selectors import (
    attendance_sheet,
    session_for_staff,
    sessions_for_participant,
    sessions_for_staff,
)

PAGE_SIZE = 50
# The attendance sheet's "everyone present" start: a GET parameter, so nothing is saved.
EVERYONE = "everyone"


def _list_url() -> str:
    return reverse("sessions:staff_list")


def _session(public_id):
    session = session_for_staff(public_id)
    if session is None:
        raise Http404
    return session


@require_GET
@login_required
def my_sessions(request):
    participant = current_participation(request.user)
    context = {"participant": participant}
    if participant is not None:
        context["sessions"] = sessions_for_participant(participant)
    return render(request, "requirements_tracking/sessions/mine.html", context)


@require_GET
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def staff_list(request):
    # No choice yet: the current cohort. "All cohorts" is an empty choice.
    form = SessionFilterForm(request.GET if "cohort" in request.GET else None)
    if form.is_bound and form.is_valid():
        cohort = form.cleaned_data["cohort"]
        if cohort is not None:
            working_cohort_choose(user=request.user, asked=cohort, session=request.session)
    else:
        cohort = working_cohort(request.user)
        form = SessionFilterForm(initial={"cohort": cohort})
    page = Paginator(sessions_for_staff(cohort), PAGE_SIZE).get_page(request.GET.get("page"))
    query_prefix = f"{urlencode({'cohort': cohort.pk if cohort else ''})}&"
    return render(
        request,
        "requirements_tracking/sessions/staff_list.html",
        {
            "form": form,
            "cohort": cohort,
            "page_obj": page,
            "query_prefix": query_prefix,
            "can_schedule": request.user.has_role(Role.PROGRAM_STAFF),
            "now": timezone.now(),
        },
    )


def _save(form, service, **kwargs) -> bool:
    """Call the service with the form's data; a refusal goes next to its field."""
    try:
        service(**form.service_arguments(), **kwargs)
    except services.TrainingSessionError as error:
        form.add_error(SESSION_ERROR_FIELDS.get(error.code), str(error))
        return False
    return True


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def create(request):
    cohort = working_cohort(request.user)
    form = SessionForm(posted(request), initial={"cohort": cohort, "location": _("Online")})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.training_session_schedule, by=request.user)
    ):
        messages.success(request, _("The session “%(title)s” is scheduled.") % {"title": form.cleaned_data["title"]})
        return redirect(f"{_list_url()}?{urlencode({'cohort': form.cleaned_data['cohort'].pk})}")
    return render(request, "requirements_tracking/sessions/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def edit(request, public_id):
    session = _session(public_id)
    form = SessionForm(posted(request), initial=SessionForm.initial_from(session))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.training_session_change, session=session, by=request.user)
    ):
        messages.success(request, _("Your changes to “%(title)s” are saved.") % {"title": form.cleaned_data["title"]})
        return redirect(f"{_list_url()}?{urlencode({'cohort': form.cleaned_data['cohort'].pk})}")
    return render(request, "requirements_tracking/sessions/form.html", {"form": form, "session": session})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def delete(request, public_id):
    session = _session(public_id)
    if request.method == "POST":
        try:
            services.training_session_delete(session=session, by=request.user)
        except services.TrainingSessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The session “%(title)s” is deleted.") % {"title": session.title})
        return redirect(f"{_list_url()}?{urlencode({'cohort': session.cohort_id})}")
    return render(request, "requirements_tracking/sessions/delete.html", {"session": session})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF, Role.INSTRUCTOR)
def attendance(request, public_id):
    session = _session(public_id)
    rows = attendance_sheet(session)
    everyone_present = request.method == "GET" and request.GET.get(EVERYONE) == "present"
    form = AttendanceForm(posted(request), session=session, rows=rows, everyone_present=everyone_present)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(session=session, marks=form.marks(), by=request.user)
        except services.TrainingSessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Attendance for “%(title)s” is saved. The hours now count.") % {"title": session.title}
            )
            return redirect(f"{_list_url()}?{urlencode({'cohort': session.cohort_id})}")
    return render(
        request,
        "requirements_tracking/sessions/attendance.html",
        {
            "form": form,
            "session": session,
            "has_started": session.starts_at <= timezone.now(),
            "everyone_present": everyone_present,
            "everyone_present_query": urlencode({EVERYONE: "present"}),
            "access": access_needs_for(row.participant.user_id for row in rows),
        },
    )
