"""Access needs: the person's own page (`my-access-needs/`) and program staff's page for
one person (`staff/access-needs/<participation or application public id>/`).

Who reads them: program staff (everything), and instructors running the person's
interview, training sessions or exam (the short summary, never the note). Sponsors never.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from applications.access import selectors, services
from applications.access.forms import ACCESS_ERROR_FIELDS, AccessNeedsForm
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record
from cpse.forms import posted


@sensitive_variables("needs", "form")
def _edit(request, *, person, template: str, done: str, context: dict):
    """The form for `person`'s needs, saved through the one service; a refusal goes next
    to its field and the form keeps what was typed."""
    needs = selectors.access_needs_of(person)
    form = AccessNeedsForm(posted(request), initial=AccessNeedsForm.initial_from(needs))
    if request.method == "POST" and form.is_valid():
        try:
            services.access_needs_save(user=person, by=request.user, **form.cleaned_data)
        except services.AccessNeedsError as error:
            form.add_error(ACCESS_ERROR_FIELDS.get(error.code), str(error))
        else:
            messages.success(request, done)
            return redirect(request.path)
    return render(request, template, {**context, "form": form, "needs": needs})


@sensitive_post_parameters("interpreter_language", "note")
@require_http_methods(["GET", "POST"])
@login_required
def mine(request):
    return _edit(
        request,
        person=request.user,
        template="applications/access/mine.html",
        done=_("Thank you. Your access needs are saved."),
        context={},
    )


@sensitive_post_parameters("interpreter_language", "note")
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def staff_edit(request, public_id):
    person = selectors.access_person_for_staff(public_id)
    if person is None:
        raise Http404
    if request.method == "GET" and selectors.access_note_recorded(person):
        # The note may speak of health: staff opening it is on their record.
        access_log_record(viewer=request.user, subject=person, record_kind=AccessLogEntry.RecordKind.PARTICIPANT)
    return _edit(
        request,
        person=person,
        template="applications/access/staff.html",
        done=_("The access needs of %(name)s are saved.") % {"name": person},
        context={"person": person},
    )
