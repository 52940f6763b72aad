from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import STAFF_ROLES
from cohorts.selectors import cohorts_with_counts


@require_GET
@role_required(*STAFF_ROLES)
def home(request):
    """The staff home page. Later issues add the pipeline, action list and reports."""
    return render(request, "dashboard/home.html", {"cohorts": cohorts_with_counts()})
