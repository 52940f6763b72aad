from django.db.models import QuerySet
from django.utils import timezone

from applications.models import Application, ApplicationEvent, InterviewSlot, Recommendation
from cohorts import selectors as cohort_selectors


# --- For the applicant --------------------------------------------------------------


def application_for_applicant(user) -> Application | None:
    """The person's application to the featured cohort, or their most recent one."""
    applications = Application.objects.filter(applicant=user).select_related(
        "cohort", "cohort__requirement_set", "interview", "interview__slot"
    )
    featured = cohort_selectors.cohort_featured()
    return (featured and applications.filter(cohort=featured).first()) or applications.order_by("-created_at").first()


def application_timeline(application: Application) -> list[ApplicationEvent]:
    return list(application.events.order_by("at", "pk"))


def recommendation_status(application: Application) -> str | None:
    """What the applicant may know about the recommendation: received or waiting."""
    latest = application.recommendations.exclude(status=Recommendation.Status.REPLACED).order_by("-created_at").first()
    return latest.status if latest else None


def open_interview_slots(application: Application) -> QuerySet[InterviewSlot]:
    return InterviewSlot.objects.filter(cohort=application.cohort, interview__isnull=True, starts_at__gt=timezone.now()).order_by(
        "starts_at"
    )


# --- For program staff (applications.staff_views) -------------------------------------
