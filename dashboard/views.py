from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import STAFF_ROLES, Role
from cohorts.selectors import cohorts_with_counts
from cpse.audit import selectors as audit_selectors

PAGE_SIZE = 50


@require_GET
@role_required(*STAFF_ROLES)
def home(request):
    """The staff home page. Later issues add the pipeline, action list and reports."""
    return render(request, "dashboard/home.html", {"cohorts": cohorts_with_counts()})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def audit(request):
    """Who changed what, and who opened whose record. Read-only for everyone."""
    showing = "views" if request.GET.get("show") == "views" else "changes"
    entries = audit_selectors.access_log_entries() if showing == "views" else audit_selectors.change_entries()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/audit.html",
        {"showing": showing, "page_obj": page, "query_prefix": f"show={showing}&"},
    )
