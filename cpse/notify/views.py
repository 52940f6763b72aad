"""The staff message log: what was sent to whom and when, and "send again"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.models import Role
from cpse.forms import search_query_prefix, search_redirect, search_term
from cpse.notify import selectors, services
from cpse.notify.forms import LogFilterForm
from cpse.notify.reminders import registered

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def log(request):
    # The filters are posted, so that a person's name or email never reaches the URL: it
    # stands there as a key (cpse.forms.search_redirect); kind and status stay in the URL.
    kinds = selectors.message_kinds()
    if request.method == "POST":
        form = LogFilterForm(request.POST, kinds=kinds)
        if form.is_valid():
            others = {name: value for name, value in form.cleaned_data.items() if name != "person"}
            return search_redirect(request, "notify_staff:log", term=form.cleaned_data["person"], filters=others)
    else:
        form = LogFilterForm({**request.GET.dict(), "person": search_term(request)}, kinds=kinds)
    filters = selectors.LogFilters(**form.cleaned_data) if form.is_valid() else selectors.LogFilters()
    page = Paginator(selectors.message_log(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_resend_paths(page.object_list)
    return render(
        request,
        "notify/log.html",
        {
            "form": form,
            "page_obj": page,
            "query_prefix": search_query_prefix(request, filters={"kind": filters.kind, "status": filters.status}),
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
            messages.error(request, str(error))
        else:
            messages.success(request, _("The message will be sent again. It appears at the top of the list."))
        return redirect("notify_staff:log")
    return render(
        request,
        "notify/resend_confirm.html",
        {"notification": notification, "refused": notification.one_time_link},
    )
