"""The participant's check-in pages: their twelve check-ins, one check-in (answers saved as
they go, with or without JavaScript), and the thank-you page.

A check-in is found among the signed-in person's own: anyone else's, or an unknown one,
is a 404. Answers are never logged (`sensitive_post_parameters` keeps them out of error
reports too)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkins.models import CheckIn
from checkins.monthly import selectors, services
from checkins.monthly.forms import CheckInForm
from checkins.schedule import opens_on
from cohorts.selectors import current_participation

AUTOSAVE_HEADER = "X-Checkin-Autosave"
ANSWERS = ("work_going", "wellbeing", "boundaries", "supervision", "support_wanted", "contact_note", "contact_way")
SUBMIT, LATER = "submit", "later"


def _own_checkin(request, public_id) -> CheckIn:
    checkin = selectors.checkin_for_owner(user=request.user, public_id=public_id)
    if checkin is None:
        raise Http404
    return checkin


@require_GET
@login_required
def mine(request):
    participant = current_participation(request.user)
    page = selectors.my_checkins(participant) if participant is not None else None
    return render(request, "checkins/mine.html", {"participant": participant, "page": page})


def _call(form: CheckInForm, service, **kwargs) -> str | None:
    """The service with the form's answers: None when done, else the refusal's code (its
    message goes next to its field)."""
    try:
        service(answers=form.answers(), **kwargs)
    except services.CheckInError as error:
        form.add_error(error.code if error.code in form.fields else None, str(error))
        return error.code
    return None


@sensitive_post_parameters(*ANSWERS)
@require_http_methods(["GET", "POST"])
@login_required
def checkin(request, public_id):
    """The form (GET), "save and finish later" or "send" (POST). A sent check-in is shown
    read-only; a paused one says so instead of the form; one that is not open yet sends
    the person back to the list."""
    checkin = _own_checkin(request, public_id)
    if checkin.is_submitted:
        if request.method == "POST":
            messages.info(request, _("This check-in is already sent, so its answers can no longer change. Thank you."))
            return redirect("checkins:thanks", public_id=checkin.public_id)
        return render(
            request, "checkins/sent.html", {"checkin": checkin, "answers": selectors.checkin_answers(checkin)}
        )
    if services.checkin_is_paused(checkin):
        # Also for a POST sent straight to the address: nothing is saved, the page says why,
        # and words typed before the pause came in are given back so they are not lost.
        fields = CheckInForm.base_fields
        typed = [
            (fields[name].label, request.POST[name].strip())
            for name in services.TEXT_ANSWERS
            if request.POST.get(name, "").strip()
        ]
        return render(
            request,
            "checkins/paused.html",
            {"checkin": checkin, "message": services.paused_message(), "typed": typed},
            status=200 if request.method == "GET" else 409,
        )
    if not services.checkin_is_open(checkin):
        messages.info(
            request,
            _("This check-in opens on %(date)s.") % {"date": date_format(opens_on(checkin.due_on), "DATE_FORMAT")},
        )
        return redirect("checkins:mine")
    if request.method == "GET":
        form = CheckInForm(initial=_initial(checkin, request))
        return render(request, "checkins/form.html", {"checkin": checkin, "form": form})
    form = CheckInForm(request.POST)
    go = request.POST.get("go", SUBMIT)
    if form.is_valid():
        service = services.checkin_save if go == LATER else services.checkin_submit
        refused = _call(form, service, checkin=checkin, by=request.user)
        if refused is None and go == LATER:
            messages.success(request, _("Your answers are saved. You can come back and finish any time."))
            return redirect("checkins:mine")
        if refused in (None, "already_submitted"):  # sent now, or by a second tab a moment ago
            return redirect("checkins:thanks", public_id=checkin.public_id)
    return render(request, "checkins/form.html", {"checkin": checkin, "form": form}, status=400)


def _initial(checkin: CheckIn, request) -> dict:
    return CheckInForm.initial_from(checkin, request.user)


@sensitive_post_parameters(*ANSWERS)
@require_POST
@login_required
def save(request, public_id):
    """checkin.js posts the form here as the person types: 204 when saved."""
    checkin = _own_checkin(request, public_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"saved": False, "message": _("Not saved: %(why)s") % {"why": first}}, status=400)
    try:
        services.checkin_save(checkin=checkin, answers=form.answers(), by=request.user)
    except services.CheckInError as error:
        # 409 makes checkin.js reload the page; a pause answers 400 instead, so the message
        # shows and what the person is typing stays on the page.
        status = 409 if error.code == "already_submitted" else 400
        return JsonResponse({"saved": False, "message": str(error)}, status=status)
    return HttpResponse(status=204)


@require_GET
@login_required
def thanks(request, public_id):
    checkin = _own_checkin(request, public_id)
    if not checkin.is_submitted:
        return redirect("checkins:checkin", public_id=checkin.public_id)
    return render(request, "checkins/thanks.html", {"checkin": checkin})
