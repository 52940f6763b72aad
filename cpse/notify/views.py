"""The staff message log: what was sent to whom and when, and "send again"."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from cpse.notify import selectors, services
from cpse.notify.forms import LogFilterForm
from cpse.notify.reminders import registered

PAGE_SIZE = 50


@require_GET
@role_required(Role.PROGRAM_STAFF)
def log(request):
    form = LogFilterForm(request.GET or None, kinds=selectors.message_kinds())
    filters = selectors.LogFilters(**form.cleaned_data) if form.is_valid() else selectors.LogFilters()
    page = Paginator(selectors.message_log(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {key: value for key, value in (form.cleaned_data.items() if form.is_valid() else []) if value}
    return render(
        request,
        "notify/log.html",
        {
            "form": form,
            "page_obj": page,
            "query_prefix": urlencode(kept) + "&" if kept else "",
            "reminders": registered(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def resend(request, notification_id):
    notification = selectors.message_for_staff(notification_id)
    if notification is None:
        raise Http404
    if request.method == "POST":
        try:
            services.notification_resend(notification=notification, by=request.user)
        except services.ResendError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The message will be sent again. It appears at the top of the list."))
        return redirect("notify_staff:log")
    return render(
        request,
        "notify/resend_confirm.html",
        {"notification": notification, "refused": notification.one_time_link},
    )
