from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import STAFF_ROLES, Role
from cohorts.selectors import cohort_in_progress, cohorts_to_choose_from
from cohorts.services import working_cohort_choose
from cpse.audit import selectors as audit_selectors
from dashboard.history import changes_in_words
from dashboard.home import selectors

PAGE_SIZE = 50


@require_GET
@role_required(*STAFF_ROLES)
def home(request):
    """The staff home page: what needs doing today for the person's role; for program
    staff also a cohort at a glance (?cohort=<year> picks another cohort). The action
    counts and the pipeline's are taken in one statement."""
    today = timezone.localdate()
    user = request.user
    context = {"finance": user.has_role(Role.FINANCE)}
    cohorts = in_progress = cohort = None
    if user.has_role(Role.PROGRAM_STAFF, Role.INSTRUCTOR):
        # Every cohort, read once: for the years, the cohort in progress, the one shown
        # (asked for, else the person's working cohort) and the one recruiting.
        cohorts = cohorts_to_choose_from(user)
        in_progress = cohort_in_progress(today=today, among=cohorts)
        asked = selectors.cohort_asked(request.GET.get("cohort"), cohorts=cohorts)
        cohort = working_cohort_choose(user=user, asked=asked, session=request.session, today=today, among=cohorts)
        context.update(years=selectors.cohort_years(cohorts), cohort=cohort)
    with_pipeline = cohort is not None and user.is_program_staff
    # Program staff's grids, read together: the chosen cohort's bars and who can be
    # certified in the cohort in progress.
    grids = selectors.cohort_grids_read([cohort, in_progress], today=today) if with_pipeline else {}
    context["actions"], pipeline_counts = selectors.action_items(
        user,
        today=today,
        in_progress=in_progress,
        cohorts=cohorts,
        in_progress_grid=grids.get(in_progress.pk) if grids and in_progress else None,
        pipeline_of=cohort if with_pipeline else None,
    )
    if cohort is not None:
        context["dates"] = selectors.upcoming_dates(cohort, today=today, user=user)
    if with_pipeline:
        context["pipeline"] = selectors.pipeline(cohort, pipeline_counts)
        context["bars"] = selectors.progress_bars(grids[cohort.pk])
    return render(request, "dashboard/home.html", context)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def audit(request):
    """Who changed what (in words, as on a participant's record: `dashboard.history`),
    and who opened whose record. Read-only for everyone."""
    showing = "views" if request.GET.get("show") == "views" else "changes"
    entries = audit_selectors.access_log_entries() if showing == "views" else audit_selectors.change_entries()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    if showing == "changes":
        page.object_list = changes_in_words(page.object_list)
    return render(
        request,
        "dashboard/audit.html",
        {"showing": showing, "page_obj": page, "query_prefix": f"show={showing}&"},
    )
