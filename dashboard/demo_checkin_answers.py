"""Demo check-ins: the answers the pilot's placed participants gave in the months already
due, through the site's own services, so the staff board has history and one open concern.

Runs after the placement demo (which records placements and the twelve check-ins each);
with no check-ins scheduled it does nothing. Safe to run again: once any check-in is
sent, it leaves everything as it is."""

import datetime

from django.utils import timezone

from checkins.checkin_services import checkin_submit
from checkins.models import CheckIn

CALM = [
    {"work_going": "Learning the intake routine; the team is patient.", "wellbeing": "4", "supervision": "regular"},
    {"work_going": "A full month, and a good one.", "wellbeing": "5", "supervision": "regular"},
    {"work_going": "Tired but steady.", "wellbeing": "3", "supervision": "some", "boundaries": "Phone off at 7pm."},
]
# One answer that asks staff to look (invented, and deliberately mild).
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
    if CheckIn.objects.filter(submitted_at__isnull=False).exists():
        return
    today = timezone.localdate()
    due = (
        CheckIn.objects.filter(due_on__lte=today).select_related("participant__user").order_by("participant", "number")
    )
    latest = {}
    for checkin in due:
        latest[checkin.participant_id] = checkin
        checkin_submit(checkin=checkin, answers=CALM[checkin.number % len(CALM)], by=checkin.participant.user)
        sent = datetime.datetime.combine(checkin.due_on, datetime.time(12), tzinfo=datetime.UTC)
        CheckIn.objects.filter(pk=checkin.pk).update(started_at=sent, submitted_at=sent)
    # The first participant's latest check-in is answered again as a hard month instead.
    if latest:
        checkin = next(iter(latest.values()))
        CheckIn.objects.filter(pk=checkin.pk).update(submitted_at=None)
        checkin.refresh_from_db()
        checkin_submit(checkin=checkin, answers=HARD, by=checkin.participant.user)
