"""Demo peer mentorship: one invented graduate mentor, Rosa Delgado, paired two months
ago with a participant of the 2026 cohort (or, without one, of the 2025 pilot), who
shares their progress; three meetings logged, the first two paid. Safe to run again (a
mentor who has a pairing is left as it is)."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from cohorts.models import Participant
from mentorship import services
from mentorship.models import Mentor, MentorMeeting, Mentorship

MENTOR = ("rosa", "Rosa Delgado")
HOURLY_RATE_CENTS = 2500
# (days ago, minutes, topic); the first two are paid.
MEETINGS = [
    (50, 60, MentorMeeting.Topic.GETTING_STARTED),
    (30, 45, MentorMeeting.Topic.STUDY),
    (10, 50, MentorMeeting.Topic.SELF_CARE),
]


def _mentee() -> Participant | None:
    return (
        Participant.objects.filter(status__in=services.PAIRABLE, cohort__year__in=(2026, 2025))
        .select_related("user")
        .order_by("-cohort__year", "enrolled_at", "pk")
        .first()
    )


def seed_mentorship(*, person: Callable[..., User]) -> None:
    """`person(local, name, role=...)` makes a demo account (seed_demo's `_person`)."""
    user = person(*MENTOR, role=Role.MENTOR)
    manager = User.objects.filter(groups__name=Role.PROGRAM_STAFF).order_by("pk").first()
    finance = User.objects.filter(groups__name=Role.FINANCE).order_by("pk").first()
    mentor, _ = Mentor.objects.get_or_create(
        user=user, defaults={"background": Mentor.Background.GRADUATE, "hourly_rate_cents": HOURLY_RATE_CENTS}
    )
    mentee = _mentee()
    if mentee is None or Mentorship.objects.filter(mentor=mentor).exists():
        return
    today = timezone.localdate()
    with transaction.atomic():
        mentorship = services.mentorship_pair(participant=mentee, mentor=mentor, by=manager)
        Mentorship.objects.filter(pk=mentorship.pk).update(started_on=today - datetime.timedelta(days=60))
        mentorship.refresh_from_db()
        services.shares_set(mentorship=mentorship, choices={"shares_progress": True}, by=mentee.user)
        for number, (days_ago, minutes, topic) in enumerate(MEETINGS):
            if number == 2:  # the first two are paid; the third waits for the next run
                paid = sum(m for _days, m, _topic in MEETINGS[:2])
                services.payment_record(mentor=mentor, expected_minutes=paid, reference="DEMO-0001", by=finance)
            services.meeting_log(
                mentorship=mentorship,
                met_on=today - datetime.timedelta(days=days_ago),
                minutes=minutes,
                topic=topic,
                by=user,
                today=today,
            )
