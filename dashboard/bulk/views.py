"""Bulk actions for program staff: a message to a cohort (write, preview with the number
of people, confirm), and links to the other actions done many at a time elsewhere (hours
approved together in the inbox, certificates issued for a cohort)."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from dashboard.bulk import selectors, services
from dashboard.bulk.forms import CohortMessageForm, ConfirmForm
from dashboard.models import CohortMessage

PAGE_SIZE = 50


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF)
def index(request):
    page = Paginator(selectors.cohort_messages_sent(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboard/bulk/index.html", {"page_obj": page})


def _compose(request, form):
    return render(request, "dashboard/bulk/message.html", {"form": form})


@sensitive_post_parameters("subject", "body")
@sensitive_variables("form", "data")
@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def message(request):
    if request.method == "GET":
        return _compose(request, CohortMessageForm())
    form = CohortMessageForm(request.POST)
    step = request.POST.get("step")
    if step == "edit" or not form.is_valid():
        return _compose(request, form)
    data = form.cleaned_data
    if step == "confirm":
        confirm = ConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, _("Something went wrong with the preview. Please look at the message again."))
            return _compose(request, form)
        try:
            sent, new = services.cohort_message_send(
                cohort=data["cohort"],
                audience=data["audience"],
                subject=data["subject"],
                body=data["body"],
                key=confirm.cleaned_data["key"],
                by=request.user,
            )
        except services.CohortMessageError as error:
            messages.error(request, str(error))
            return _compose(request, form)
        if new:
            messages.success(
                request,
                ngettext(
                    "Your message was sent to %(count)s person.",
                    "Your message was sent to %(count)s people.",
                    sent.recipients,
                )
                % {"count": sent.recipients},
            )
        else:
            messages.info(request, _("This message had already been sent: it was not sent again."))
        return redirect("bulk:index")
    people = services.cohort_message_recipients(cohort=data["cohort"], audience=data["audience"])
    return render(
        request,
        "dashboard/bulk/preview.html",
        {
            "form": form,
            "data": data,
            "audience": CohortMessage.Audience(data["audience"]).label,
            "count": len(people),
            "key": uuid.uuid4(),
        },
    )
