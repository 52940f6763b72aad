"""Reads for hours and progress. Progress is computed here from the entries, every time:
never stored, so it cannot disagree with them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from cohorts.models import Cohort, Participant, Requirement
from requirements_tracking.models import HourEntry
from requirements_tracking.services import LOGGABLE_CATEGORIES

S = HourEntry.Status
ZERO = Decimal("0")


@dataclass(frozen=True)
class RequirementProgress:
    requirement: Requirement
    approved: Decimal
    pending: Decimal
    remaining: Decimal
    extra: Decimal
    percent: int

    @property
    def counts_hours(self) -> bool:
        return self.requirement.kind == Requirement.Kind.HOURS

    @property
    def loggable(self) -> bool:
        """The participant logs these hours themselves (the others come later)."""
        return self.counts_hours and self.requirement.category in LOGGABLE_CATEGORIES

    @property
    def complete(self) -> bool:
        return self.counts_hours and self.remaining == 0

    @property
    def pending_plural(self) -> int:
        """A whole number to choose "hour" or "hours" by (gettext needs an integer)."""
        return 1 if self.pending == 1 else 2


def progress_row(requirement: Requirement, approved: Decimal, pending: Decimal) -> RequirementProgress:
    """The one place a requirement's progress is worked out (the participant's page, the
    cohort grid and the reminders all use it, so they agree to the quarter hour)."""
    amount = requirement.amount
    return RequirementProgress(
        requirement=requirement,
        approved=approved,
        pending=pending,
        remaining=max(ZERO, amount - approved),
        extra=max(ZERO, approved - amount),
        percent=min(100, int(approved * 100 / amount)),
    )


def hour_sums(participants) -> dict[tuple[int, str], dict]:
    """Approved and waiting hours per (participant id, requirement category), in one query.

    By category, not by requirement: a participant transferred to a later cohort keeps the
    hours logged under the earlier cohort's set, and they count towards the new set."""
    return {
        (row["participant"], row["requirement__category"]): row
        for row in HourEntry.objects.filter(participant__in=participants)
        .values("participant", "requirement__category")
        .annotate(
            approved=Sum("hours", filter=Q(status=S.APPROVED)),
            pending=Sum("hours", filter=Q(status=S.SUBMITTED)),
        )
        .order_by()
    }


def participant_progress(participant: Participant) -> list[RequirementProgress]:
    """One row per requirement of the participant's cohort's set, in its order: two
    queries (the requirements, and one sum over the entries grouped by category)."""
    requirements = list(Requirement.objects.filter(requirement_set_id=participant.cohort.requirement_set_id))
    sums = hour_sums([participant.pk])
    result = []
    for requirement in requirements:
        row = sums.get((participant.pk, requirement.category), {})
        result.append(progress_row(requirement, row.get("approved") or ZERO, row.get("pending") or ZERO))
    return result


def next_step(progress: list[RequirementProgress]) -> RequirementProgress | None:
    """The first requirement the participant can work on now and has not finished."""
    return next((item for item in progress if item.loggable and not item.complete), None)


def loggable_requirement(participant: Participant) -> Requirement | None:
    """The requirement the participant logs hours for (self-care), from their cohort's set."""
    return Requirement.objects.filter(
        requirement_set_id=participant.cohort.requirement_set_id,
        kind=Requirement.Kind.HOURS,
        category__in=LOGGABLE_CATEGORIES,
    ).first()


def current_participation(user) -> Participant | None:
    """The person's participation in their latest cohort, if they have one."""
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.filter(user=user).select_related("cohort").order_by("-cohort__year", "-enrolled_at").first()
    )


def entries_for_participant(participant: Participant) -> QuerySet[HourEntry]:
    return HourEntry.objects.filter(participant=participant).select_related("requirement").order_by("-date", "-pk")


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
        # Practicum hours wait for their supervisor, not for staff (practicum_services).
        HourEntry.objects.filter(status=S.SUBMITTED, practicum__isnull=True)
        .select_related("participant__user", "participant__cohort", "requirement")
        .defer("reflection", "staff_comment")
        .order_by("created_at", "pk")
    )
    if cohort is not None:
        entries = entries.filter(participant__cohort=cohort)
    return entries


def entry_for_staff(public_id) -> HourEntry | None:
    return (
        HourEntry.objects.filter(public_id=public_id)
        .select_related("participant__user", "participant__cohort", "requirement", "reviewed_by")
        .first()
    )
