"""Demo placement years: two pilot (2025) graduates with placements that started some
months ago, a few monthly check-ins filled in, and one missed. Invented people and
agencies; safe to run again (a participant with a placement is left as it is)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn, Placement
from checkins.placement.services import PLACEABLE, placement_record
from cohorts.models import Participant

# (demo email's local part, agency, role, terms, months ago it started, check-ins filled in)
PLACED = [
    ("participant", "Harbor Light Residential Services", Placement.Role.RESIDENTIAL_CARE, Placement.Terms.PAID, 5, 3),
    ("bianca", "New Dawn Outreach", Placement.Role.EMERGENCY_OUTREACH, Placement.Terms.VOLUNTEER, 3, 2),
]
ANSWERS = [
    ("Settling in. The team is kind and I am learning the intake routine.", "4", "regular"),
    ("A hard week with a resident in crisis, but my supervisor helped me debrief.", "3", "some"),
    ("I led my first group session. I was nervous and it went well.", "4", "regular"),
]


def seed_checkins(*, pilot_year: int = 2025, domain: str = "demo.cpse.invalid") -> None:
    today = timezone.localdate()
    for local, agency, role, terms, months_ago, filled in PLACED:
        participant = (
            Participant.objects.filter(user__email=f"{local}@{domain}", cohort__year=pilot_year)
            .select_related("cohort", "user")
            .first()
        )
        if participant is None or participant.status not in PLACEABLE:
            continue
        if Placement.objects.filter(participant=participant).exists():
            continue
        start = today - datetime.timedelta(days=round(months_ago * 30.5))
        manager = User.objects.filter(email=f"manager@{domain}").first()
        with transaction.atomic():
            placement = placement_record(
                participant=participant,
                agency=agency,
                role=role,
                terms=terms,
                start_date=start,
                supervisor_name="Morgan Reyes",
                supervisor_email=f"supervisor-{local}@{domain}",
                by=manager,
                today=today,
            )
            # Recorded when it started (so the reminders treat the one left open as missed).
            Placement.objects.filter(pk=placement.pk).update(
                created_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
            )
            for checkin in CheckIn.objects.filter(participant=participant, number__lte=filled).order_by("number"):
                work, wellbeing, supervision = ANSWERS[(checkin.number - 1) % len(ANSWERS)]
                filed = timezone.make_aware(datetime.datetime.combine(checkin.due_on, datetime.time(19)))
                checkin.placement = placement
                checkin.work_going = work
                checkin.wellbeing = wellbeing
                checkin.boundaries = "I kept my day off and went walking with my sister."
                checkin.supervision = supervision
                checkin.started_at = checkin.submitted_at = filed
                checkin.save()
