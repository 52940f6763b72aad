"""Staff pages of the final exam's set-up: the question bank (program staff and
instructors), the competencies, each cohort's exam and the participants'
accommodations (program staff).

Questions and exams are found by their public id, competencies by their number: an
unknown one is a 404 for those who may use these pages (others are refused before the
lookup)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Role
from applications.access.selectors import access_needs_for
from cohorts.selectors import working_cohort
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted
from requirements_tracking.exam_bank import selectors, services
from requirements_tracking.exam_bank.forms import (
    AccommodationForm,
    BankFilterForm,
    CompetencyCreateForm,
    CompetencyForm,
    ExamForm,
    QuestionForm,
    error_field,
)

PAGE_SIZE = 50
BANK_ROLES = (Role.PROGRAM_STAFF, Role.INSTRUCTOR)


def _refuse(form, error: services.ExamBankError) -> None:
    """A refusal from the services, next to its field (or at the top)."""
    field = error_field(error.code)
    form.add_error(field if field in form.fields else None, str(error))


def _save(form, service, **kwargs):
    """Call the service with the form's data. Returns what the service returned, or None
    when refused (the reason is on the form)."""
    try:
        return service(**form.service_arguments(), **kwargs)
    except services.ExamBankError as error:
        _refuse(form, error)
        return None


def _question(public_id):
    question = selectors.question_for_bank(public_id)
    if question is None:
        raise Http404
    return question


def _exam(public_id):
    exam = selectors.exam_for_staff(public_id)
    if exam is None:
        raise Http404
    return exam


def _competency(pk):
    competency = selectors.competency_for_staff(pk)
    if competency is None:
        raise Http404
    return competency


# --- The question bank --------------------------------------------------------------------


@require_GET
@role_required(*BANK_ROLES)
def question_list(request):
    form = BankFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {"competency": None, "kind": "", "active": True}
    if not form.is_bound:
        form = BankFilterForm(initial={"active": "active"})
    questions = selectors.questions_for_bank(**filters)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {key: request.GET[key] for key in ("competency", "kind", "active") if request.GET.get(key)}
    return render(
        request,
        "requirements_tracking/exam_bank/question_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_prefix": f"{urlencode(query)}&" if query else "",
            "filtered": bool(query),
            "text_length": selectors.LIST_TEXT_LENGTH,
            "can_set_up_exams": request.user.has_role(Role.PROGRAM_STAFF),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*BANK_ROLES)
def question_create(request):
    form = QuestionForm(posted(request), initial={"points": 1})
    if request.method == "POST" and form.is_valid():
        question = _save(form, services.question_create, by=request.user)
        if question is not None:
            messages.success(request, _("The question is added to the bank."))
            return redirect("exam_bank:question_detail", public_id=question.public_id)
    return render(request, "requirements_tracking/exam_bank/question_form.html", {"form": form})


@require_GET
@role_required(*BANK_ROLES)
def question_detail(request, public_id):
    question = _question(public_id)
    return render(
        request,
        "requirements_tracking/exam_bank/question_detail.html",
        {"question": question, "current": selectors.current_version(question)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*BANK_ROLES)
def question_edit(request, public_id):
    question = _question(public_id)
    current = selectors.current_version(question)
    form = QuestionForm(posted(request), question=question, initial=QuestionForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        version = _save(form, services.question_version_add, question=question, by=request.user)
        if version is not None:
            messages.success(
                request,
                _("Saved as version %(number)s. Earlier versions stay as they were.") % {"number": version.number},
            )
            return redirect("exam_bank:question_detail", public_id=question.public_id)
    return render(
        request,
        "requirements_tracking/exam_bank/question_form.html",
        {"form": form, "question": question, "current": current},
    )


def _question_active_set(request, public_id, *, service, changed: str, unchanged: str):
    question = _question(public_id)
    if service(question=question, by=request.user):
        messages.success(request, changed)
    else:
        messages.info(request, unchanged)
    return redirect("exam_bank:question_detail", public_id=question.public_id)


@require_POST
@role_required(*BANK_ROLES)
def question_retire(request, public_id):
    return _question_active_set(
        request,
        public_id,
        service=services.question_retire,
        changed=_("The question is retired: it will not be given in new attempts."),
        unchanged=_("This question was already retired."),
    )


@require_POST
@role_required(*BANK_ROLES)
def question_restore(request, public_id):
    return _question_active_set(
        request,
        public_id,
        service=services.question_restore,
        changed=_("The question is active again."),
        unchanged=_("This question was already active."),
    )


# --- Competencies ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def competency_list(request):
    """The list, and a short form to add one."""
    form = CompetencyCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            competency = services.competency_create(**form.cleaned_data, by=request.user)
        except services.ExamBankError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("“%(name)s” is added.") % {"name": competency.name})
            return redirect("exam_bank:competency_list")
    return render(
        request,
        "requirements_tracking/exam_bank/competency_list.html",
        {"form": form, "competencies": list(selectors.competencies_for_staff())},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def competency_edit(request, pk):
    competency = _competency(pk)
    form = CompetencyForm(posted(request), initial=CompetencyForm.initial_from(competency))
    if request.method == "POST" and form.is_valid():
        try:
            services.competency_change(competency=competency, **form.cleaned_data, by=request.user)
        except services.ExamBankError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("Your changes to “%(name)s” are saved.") % {"name": competency.name})
            return redirect("exam_bank:competency_list")
    return render(
        request, "requirements_tracking/exam_bank/competency_form.html", {"form": form, "competency": competency}
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def competency_delete(request, pk):
    competency = _competency(pk)
    try:
        services.competency_delete(competency=competency, by=request.user)
    except services.ExamBankError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” is deleted.") % {"name": competency.name})
    return redirect("exam_bank:competency_list")


# --- Exams -------------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def exam_list(request):
    page = Paginator(selectors.exams_for_staff(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "requirements_tracking/exam_bank/exam_list.html", {"page_obj": page, "query_prefix": ""})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def exam_create(request):
    groups = selectors.bank_groups()
    initial = {
        "cohort": working_cohort(request.user),
        "title": _("Final exam"),
        "selection": "fixed",
        "draw_per_competency": 2,
        "time_limit_minutes": 90,
        "pass_percent": 70,
        "max_attempts": 2,
        "wait_days": 14,
        "layout": "one_per_page",
        "appeal_days": 14,
    }
    form = ExamForm(posted(request), initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        exam = _save(form, services.exam_create, by=request.user)
        if exam is not None:
            messages.success(request, _("The exam “%(title)s” is set up.") % {"title": exam.title})
            return redirect("exam_bank:exam_detail", public_id=exam.public_id)
    return render(request, "requirements_tracking/exam_bank/exam_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def exam_edit(request, public_id):
    exam = _exam(public_id)
    chosen = selectors.exam_questions(exam)
    groups = selectors.bank_groups(include={item.question_id for item in chosen})
    initial = ExamForm.initial_from(exam, [str(item.question.public_id) for item in chosen])
    form = ExamForm(posted(request), exam=exam, initial=initial, groups=groups)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, services.exam_change, exam=exam, by=request.user) is not None
    ):
        messages.success(request, _("Your changes to “%(title)s” are saved.") % {"title": exam.title})
        return redirect("exam_bank:exam_detail", public_id=exam.public_id)
    return render(request, "requirements_tracking/exam_bank/exam_form.html", {"form": form, "exam": exam})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def exam_detail(request, public_id):
    exam = _exam(public_id)
    rows = selectors.accommodation_rows(exam)
    return render(
        request,
        "requirements_tracking/exam_bank/exam_detail.html",
        {
            "exam": exam,
            "chosen": selectors.exam_questions(exam),
            "rows": rows,
            "access": access_needs_for(row.participant.user_id for row in rows),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def accommodation_edit(request, public_id, participant_id):
    exam = _exam(public_id)
    participant = selectors.exam_participant(exam, participant_id)
    if participant is None:
        raise Http404
    accommodation = selectors.accommodation_of(exam, participant)
    initial = {"extra_minutes": 0}
    if accommodation is not None:
        initial = {
            "extra_minutes": accommodation.extra_minutes,
            "read_aloud_layout": accommodation.read_aloud_layout,
            "note": accommodation.note,
        }
        if request.method == "GET" and accommodation.note:
            # The note is about one person: staff opening it is on their record.
            access_log_record(
                viewer=request.user, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
            )
    needs = access_needs_for([participant.user_id]).get(participant.user_id)
    suggested = selectors.accommodation_suggested(exam, needs)
    # Their recorded needs fill in a first accommodation, or an existing one on request.
    applying = bool(suggested) and (accommodation is None or request.GET.get("apply") == "needs")
    if applying:
        initial = {**initial, **suggested}
    form = AccommodationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.accommodation_set(exam=exam, participant=participant, **form.cleaned_data, by=request.user)
        except services.ExamBankError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The accommodation for %(name)s is saved.") % {"name": participant.user})
            return redirect("exam_bank:exam_detail", public_id=exam.public_id)
    return render(
        request,
        "requirements_tracking/exam_bank/accommodation_form.html",
        {
            "form": form,
            "exam": exam,
            "participant": participant,
            "needs": needs,
            "suggested": suggested,
            "applying": applying,
        },
    )
