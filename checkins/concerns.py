"""Opening a concern: the one door both the check-in form (risk in the answers) and the
missed-check-in sweep (no answers) go through."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.selectors import active_program_staff
from checkins.models import CheckIn, Concern
from cpse.notify.services import notification_queue


def concern_open(*, checkin: CheckIn, reason: str) -> Concern | None:
    """Open a concern about `checkin` for `reason` and tell program staff at once, without
    content ("A check-in needs your attention"). Returns None when one is already open or
    was opened before for the same check-in and reason (a check-in raises each reason once)."""
    try:
        with transaction.atomic():
            concern = Concern.objects.create(participant_id=checkin.participant_id, checkin=checkin, reason=reason)
    except IntegrityError:
        return None
    path = reverse("checkins_staff:concern", kwargs={"public_id": concern.public_id})
    for staff in active_program_staff():
        notification_queue(
            kind="checkin_attention",
            key=f"checkin-concern:{concern.public_id}:{staff.pk}",
            recipient=staff,
            context={"path": path},
        )
    return concern
