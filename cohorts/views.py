from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cohorts import selectors
from cohorts.next_steps import next_steps


@require_GET
def program_home(request):
    """The public program page: what CPSE is and the featured cohort's calendar."""
    cohort = selectors.cohort_featured()
    return render(
        request,
        "cohorts/program_home.html",
        {
            "cohort": cohort,
            "calendar": selectors.cohort_calendar(cohort) if cohort else [],
            "applications_open": bool(cohort and selectors.cohort_is_open_for_applications(cohort)),
            "requirements": list(cohort.requirement_set.requirements.all()) if cohort else [],
        },
    )


@require_GET
@login_required
def my_program(request):
    """A participant's or applicant's own home, where she lands after signing in: what
    comes next for her (`next_steps`), and a participant's cohort and its calendar."""
    current = selectors.current_participation(request.user)
    return render(
        request,
        "cohorts/my_program.html",
        {
            "participation": current,
            "calendar": selectors.cohort_calendar(current.cohort) if current else [],
            "steps": next_steps(user=request.user, participant=current, now=timezone.now()),
        },
    )


@require_GET
def help_and_support(request):
    """Help for anyone, signed in or not: crisis and support lines, the program's contact,
    keeping a visit private."""
    return render(request, "cohorts/help.html")
