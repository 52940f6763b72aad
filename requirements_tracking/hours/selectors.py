"""Reads for hour entries: the participant's own, and staff's inbox."""

from django.db.models import QuerySet

from cohorts.models import Cohort, Participant, Requirement
from requirements_tracking.hours.rules import LOGGABLE_CATEGORIES
from requirements_tracking.models import HourEntry

S = HourEntry.Status


def loggable_requirement(participant: Participant) -> Requirement | None:
    """The requirement the participant logs hours for (self-care), from their cohort's set."""
    return Requirement.objects.filter(
        requirement_set_id=participant.cohort.requirement_set_id,
        kind=Requirement.Kind.HOURS,
        category__in=LOGGABLE_CATEGORIES,
    ).first()


def entries_for_participant(participant: Participant) -> QuerySet[HourEntry]:
    """Newest first. Reflections are not loaded: the list does not show them (the entry's
    own page does), and each would be decrypted for nothing."""
    return (
        HourEntry.objects.filter(participant=participant)
        .select_related("requirement")
        .defer("reflection")
        .order_by("-date", "-pk")
    )


def entry_for_participant(*, user, public_id) -> HourEntry | None:
    """One of the person's own entries; None for anybody else's (the view answers 404)."""
    return (
        HourEntry.objects.filter(public_id=public_id, participant__user=user)
        .select_related("participant__cohort", "requirement")
        .first()
    )


def entries_awaiting_review(cohort: Cohort | None = None) -> QuerySet[HourEntry]:
    """Entries waiting for staff, oldest first. Reflections and comments are not loaded:
    the inbox does not show them (the review page does, and logs the view)."""
    entries = (
        # Practicum hours wait for their supervisor, not for staff (requirements_tracking.practicum).
        HourEntry.objects.filter(status=S.SUBMITTED, practicum__isnull=True)
        .select_related("participant__user", "participant__cohort", "requirement")
        .defer("reflection", "staff_comment")
        .order_by("created_at", "pk")
    )
    if cohort is not None:
        entries = entries.filter(participant__cohort=cohort)
    return entries


def entries_for_staff(public_ids) -> QuerySet[HourEntry]:
    """The entries with these public ids, oldest first (reflections not loaded)."""
    return (
        HourEntry.objects.filter(public_id__in=list(public_ids))
        .select_related("participant__user")
        .defer("reflection", "staff_comment")
        .order_by("created_at", "pk")
    )


def entry_for_staff(public_id) -> HourEntry | None:
    return (
        HourEntry.objects.filter(public_id=public_id)
        .select_related("participant__user", "participant__cohort", "requirement", "reviewed_by")
        .first()
    )
