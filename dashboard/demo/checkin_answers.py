"""Demo check-in answers: on top of the placement demo (placements, the twelve check-ins
each, a few filled in, one missed), the latest check-in filled in becomes a hard month
that asks to be contacted, with its concerns open, so the staff board opens on one.
Invented words. Safe to run again: once such a concern exists it does nothing."""

from django.db import transaction

from checkins.concerns import concern_open
from checkins.models import CheckIn, Concern
from checkins.monthly.services import concern_reasons

HARD = {
    "work_going": "A hard week with a resident leaving.",
    "wellbeing": "2",
    "supervision": "none",
    "support_wanted": "Someone to talk it through with.",
    "wants_contact": True,
    "contact_way": "phone",
    "contact_note": "Weekday mornings.",
}


def seed_checkin_answers() -> None:
    if Concern.objects.exclude(reason=Concern.Reason.MISSED).exists():
        return
    checkin = CheckIn.objects.filter(submitted_at__isnull=False).order_by("-submitted_at", "pk").first()
    if checkin is None:
        return
    with transaction.atomic():
        for name, value in HARD.items():
            setattr(checkin, name, value)
        checkin.save(update_fields=list(HARD))
        for reason in concern_reasons(checkin):
            concern_open(checkin=checkin, reason=reason)
