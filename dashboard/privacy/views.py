"""Staff pages for data rights: confirm or cancel a person's request to remove their data."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors, services
from accounts.decorators import role_required
from accounts.models import ErasureRequest, Role
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record

PAGE_SIZE = 50


@require_GET
@role_required(Role.PROGRAM_STAFF)
def erasure_requests(request):
    page = Paginator(selectors.erasure_requests_for_staff(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboard/erasure_requests.html", {"page_obj": page, "query_prefix": ""})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def erasure_request_detail(request, public_id):
    erasure = get_object_or_404(ErasureRequest.objects.select_related("user", "decided_by"), public_id=public_id)
    access_log_record(viewer=request.user, subject=erasure.user, record_kind=AccessLogEntry.RecordKind.ACCOUNT)
    return render(request, "dashboard/erasure_request_detail.html", {"erasure": erasure})


@require_POST
@role_required(Role.PROGRAM_STAFF)
def erasure_request_decide(request, public_id, decision):
    erasure = get_object_or_404(ErasureRequest, public_id=public_id)
    try:
        if decision == "confirm":
            services.erasure_request_confirm(request=erasure, by=request.user)
            messages.success(request, _("The person's data has been removed and their account closed."))
        else:
            services.erasure_request_cancel(request=erasure, by=request.user)
            messages.success(request, _("The request has been cancelled. Nothing was removed."))
    except services.ErasureError as error:
        messages.error(request, str(error))
        return redirect("dashboard:erasure_request", public_id=public_id)
    return redirect("dashboard:erasure_requests")
