"""Program staff's check-in pages: the board, the open concerns, one participant's history
(answers shown, the viewing logged), a concern (follow-up, close, reopen) and the words to look out for.

Program staff only: instructors, finance and sponsors get 403, and nothing here is ever
reachable from the sponsor portal."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from checkins.board import selectors
from checkins.models import CheckIn, Concern, ConcernKeyword
from checkins.monthly import services
from checkins.monthly.forms import BoardFilterForm, KeywordForm, NoteForm
from checkins.schedule import CheckInStatus
from checkins.supervision.selectors import supervision_gaps
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record

PAGE_SIZE = 50
REOPEN_LABEL = gettext_lazy("Why it needs attention again")


@require_GET
@role_required(Role.PROGRAM_STAFF)
def board(request):
    form = BoardFilterForm(request.GET)
    cohort, status = form.chosen()
    rows = selectors.board_rows(today=timezone.localdate(), cohort=cohort, status=status or None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    gaps = supervision_gaps([row.pk for row in page.object_list], timezone.localdate())
    for row in page.object_list:
        row.supervision = gaps[row.pk]
        row.month_status = CheckInStatus(row.month_status)  # its words, for the badge
    kept = {key: value for key, value in (("cohort", cohort and cohort.pk), ("status", status)) if value}
    return render(
        request,
        "checkins/staff/board.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(kept),
            "query_prefix": f"{urlencode(kept)}&" if kept else "",
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def concerns(request):
    """Every open concern, the one waiting longest first, each linking to its page."""
    page = Paginator(selectors.open_concerns(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "checkins/staff/concerns.html", {"page_obj": page})


def _participant(public_id):
    participant = selectors.participant_for_staff(public_id)
    if participant is None:
        raise Http404
    return participant


@require_GET
@role_required(Role.PROGRAM_STAFF)
def participant_history(request, public_id):
    participant = _participant(public_id)
    access_log_record(viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.CHECKINS)
    history = selectors.participant_history(participant)
    return render(request, "checkins/staff/participant.html", {"history": history, "participant": participant})


@require_POST
@role_required(Role.PROGRAM_STAFF)
def checkin_reviewed(request, public_id):
    checkin = CheckIn.objects.filter(public_id=public_id).select_related("participant").first()
    if checkin is None:
        raise Http404
    try:
        services.checkin_mark_reviewed(checkin=checkin, by=request.user)
    except services.CheckInError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Check-in %(number)d is marked as read.") % {"number": checkin.number})
    url = reverse("checkins_staff:participant", args=[checkin.participant.public_id])
    return redirect(f"{url}#checkin-{checkin.number}")


def _concern(public_id) -> Concern:
    concern = selectors.concern_for_staff(public_id)
    if concern is None:
        raise Http404
    return concern


def _concern_page(request, concern: Concern, *, follow_up=None, reopen=None, status=200):
    """The concern with the contact card: showing the card is written to the access log."""
    reopen_form = reopen or NoteForm(prefix="reopen")
    reopen_form.fields["note"].label = REOPEN_LABEL
    contact = selectors.concern_contact_card(concern)
    access_log_record(
        viewer=request.user, subject=concern.participant.user, record_kind=AccessLogEntry.RecordKind.CONTACT
    )
    context = {
        "concern": concern,
        "participant": concern.participant,
        "contact": contact,
        "follow_up_form": follow_up or NoteForm(),
        "reopen_form": reopen_form,
    }
    return render(request, "checkins/staff/concern.html", context, status=status)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def concern_detail(request, public_id):
    """Why the concern was opened (the reason only: the answers are on the history page),
    what was done, and closing or reopening it."""
    concern = _concern(public_id)
    access_log_record(
        viewer=request.user, subject=concern.participant.user, record_kind=AccessLogEntry.RecordKind.CHECKINS
    )
    return _concern_page(request, concern)


@sensitive_post_parameters("note")
@require_POST
@role_required(Role.PROGRAM_STAFF)
def concern_follow_up(request, public_id):
    """A follow-up note; with "then=close" the same note also closes the concern (its
    closing note: one note, not two)."""
    concern = _concern(public_id)
    form = NoteForm(request.POST)
    closing = request.POST.get("then") == "close"
    if form.is_valid():
        try:
            if closing:
                services.concern_close(concern=concern, note=form.cleaned_data["note"], by=request.user)
            else:
                services.concern_follow_up_add(concern=concern, note=form.cleaned_data["note"], by=request.user)
        except services.CheckInError as error:
            if not closing:
                form.add_error("note", str(error))
            else:  # closed meanwhile (a double click): the page says so, with its history
                messages.info(request, str(error))
                return redirect("checkins_staff:concern", public_id=concern.public_id)
        else:
            if closing:
                messages.success(
                    request, _("Your note is saved and the concern is closed. Thank you for following it up.")
                )
            else:
                messages.success(request, _("Your follow-up note is saved."))
            return redirect("checkins_staff:concern", public_id=concern.public_id)
    return _concern_page(request, concern, follow_up=form)


@sensitive_post_parameters("reopen-note")
@require_POST
@role_required(Role.PROGRAM_STAFF)
def concern_reopen(request, public_id):
    concern = _concern(public_id)
    form = NoteForm(request.POST, prefix="reopen")
    if form.is_valid():
        try:
            services.concern_reopen(concern=concern, note=form.cleaned_data["note"], by=request.user)
        except services.CheckInError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("The concern is open again."))
        return redirect("checkins_staff:concern", public_id=concern.public_id)
    return _concern_page(request, concern, reopen=form)


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def keywords(request):
    """The words and phrases that, found in a check-in, open a concern; add one here."""
    form = KeywordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            keyword = services.concern_keyword_add(phrase=form.cleaned_data["phrase"], by=request.user)
        except services.CheckInError as error:
            form.add_error("phrase", str(error))
        else:
            messages.success(request, _("“%(phrase)s” is added to the list.") % {"phrase": keyword.phrase})
            return redirect("checkins_staff:keywords")
    return render(request, "checkins/staff/keywords.html", {"form": form, "keywords": selectors.concern_keywords()})


@require_POST
@role_required(Role.PROGRAM_STAFF)
def keyword_active(request):
    """Stop or start looking out for one word (kept on the list either way)."""
    try:
        keyword = ConcernKeyword.objects.get(pk=int(request.POST.get("keyword", "")))
    except (ValueError, ConcernKeyword.DoesNotExist):
        raise Http404 from None
    active = request.POST.get("active") == "1"
    services.concern_keyword_set_active(keyword=keyword, active=active, by=request.user)
    if active:
        messages.success(request, _("“%(phrase)s” is looked out for again.") % {"phrase": keyword.phrase})
    else:
        messages.success(request, _("“%(phrase)s” is no longer looked out for.") % {"phrase": keyword.phrase})
    return redirect("checkins_staff:keywords")
