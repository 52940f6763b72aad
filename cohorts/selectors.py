import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant


@dataclass(frozen=True)
class CalendarEntry:
    label: str
    start: datetime.date
    end: datetime.date | None = None


def cohort_featured(*, today: datetime.date | None = None) -> Cohort | None:
    """The cohort the public pages talk about: the one taking applications now, else the
    next one to open, else the most recent."""
    today = today or timezone.localdate()
    cohorts = Cohort.objects.select_related("credential")
    return (
        cohorts.filter(applications_open__lte=today, applications_close__gte=today).order_by("year").first()
        or cohorts.filter(applications_open__gt=today).order_by("applications_open").first()
        or cohorts.order_by("-year").first()
    )


def cohort_calendar(cohort: Cohort) -> list[CalendarEntry]:
    return [
        CalendarEntry(_("Applications"), cohort.applications_open, cohort.applications_close),
        CalendarEntry(_("Program"), cohort.program_start, cohort.program_end),
        CalendarEntry(_("In-person training intensive"), cohort.intensive_start, cohort.intensive_end),
        CalendarEntry(_("Graduation"), cohort.graduation_date),
    ]


def cohort_is_open_for_applications(cohort: Cohort, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return cohort.applications_open <= today <= cohort.applications_close


def participations_for_user(user) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(user=user).select_related("cohort", "cohort__credential").order_by("-cohort__year")
    )


def cohorts_with_counts() -> QuerySet[Cohort]:
    """Every cohort with its number of participants, newest first (one query)."""
    return (
        Cohort.objects.select_related("credential")
        .annotate(participant_count=Count("participants", filter=~Q(participants__status=Participant.Status.WITHDRAWN)))
        .order_by("-year")
    )
