from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cohorts import selectors
from cohorts.models import Cohort
from cohorts.next_steps import next_steps


def program_page(request, cohort: Cohort | None, *, preview: bool = False):
    """The public program page about `cohort` (`selectors.public_program`): the page
    itself, and program staff's preview of a cohort before it is featured."""
    response = render(
        request,
        "cohorts/program_home.html",
        {
            "program": selectors.public_program(cohort) if cohort else None,
            "preview": preview,
            "travel_help": settings.PROGRAM_TRAVEL_HELP,
            "sponsor_contact": {
                "title": settings.ADMINISTRATION_CONTACT_TITLE,
                "name": settings.ADMINISTRATION_CONTACT_NAME,
                "email": settings.ADMINISTRATION_CONTACT_EMAIL,
            },
        },
    )
    if preview:
        # A page about a cohort not yet announced: never for search engines.
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def program_home(request):
    """The public program page: what CPSE is, who can apply and the featured cohort's
    calendar, all from data."""
    return program_page(request, selectors.cohort_featured())


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
