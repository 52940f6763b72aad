"""A person's private calendar feed: what goes in it, and finding a feed by its token.

Rules chosen here: the words are neutral ("CPSE training session", "Check-in due"), never a
name, a session's title or what the program is about, since a phone's calendar is often
seen by others. A participant gets her cohort's training sessions, the intensive week,
the exam window, her own check-in due dates and her interview; whoever has an application
gets that interview. Program staff and instructors get the interviews on their panel
and, for each cohort that graduated less than `STAFF_COHORT_DAYS` ago or has yet to, its
training sessions, exam windows and dates (sessions have no named instructor: whoever
teaches teaches the cohort's sessions). A feed is found by the hash of its token, so a
wrong token costs the same lookup as a right one.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.invitations.services import token_hash
from accounts.models import CalendarFeed, Role
from applications.calendar import interview_event
from applications.models import Application, Interview, InterviewerAssignment
from applications.selectors import interview_calendar_entry
from checkins.models import CheckIn
from cohorts.models import Cohort, Participant
from cohorts.selectors import cohort_calendar, current_participation
from cpse.ical import Event
from requirements_tracking.models import Exam, TrainingSession

STAFF_COHORT_DAYS = 365
FEED_ROLES = (Role.PROGRAM_STAFF, Role.INSTRUCTOR)


def feed_owner(token: str):
    """The person whose feed this token opens, or None (a wrong, old or made-up token)."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    return feed.user if feed is not None and feed.user.is_active else None


def has_feed(user) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


def _session_events(sessions) -> list[Event]:
    return [
        Event(
            uid=f"session-{session.public_id}@cpse",
            summary=_("CPSE training session"),
            start=session.starts_at,
            end=session.starts_at + datetime.timedelta(minutes=session.duration_minutes),
            location=session.location,
        )
        for session in sessions
    ]


def _exam_events(exams) -> list[Event]:
    return [
        Event(uid=f"exam-{exam.public_id}@cpse", summary=_("CPSE exam open"), start=exam.opens_at, end=exam.closes_at)
        for exam in exams
    ]


def _participant_events(participant: Participant) -> list[Event]:
    cohort = participant.cohort
    events = [
        Event(
            uid=f"intensive-{cohort.pk}@cpse",
            summary=_("CPSE training week"),
            start=cohort.intensive_start,
            end=cohort.intensive_end,
        )
    ]
    events += _session_events(TrainingSession.objects.filter(cohort=cohort))
    events += _exam_events(Exam.objects.filter(cohort=cohort))
    events += [
        Event(uid=f"checkin-{checkin.public_id}@cpse", summary=_("Check-in due"), start=checkin.due_on)
        for checkin in CheckIn.objects.filter(participant=participant, due_on__isnull=False).only("public_id", "due_on")
    ]
    return events


def _interview_events(user, participant: Participant | None) -> list[Event]:
    # Her application to her cohort; someone not enrolled, her latest application.
    applications = Application.objects.filter(applicant=user).select_related("interview__slot", "interview_calendar")
    if participant is not None:
        applications = applications.filter(cohort=participant.cohort)
    application = applications.order_by("-created_at").first()
    entry = interview_calendar_entry(application) if application is not None else None
    if entry is None:
        return []
    interview = getattr(application, "interview", None)
    return [interview_event(entry, location=interview.slot.location if interview else "")]


def _staff_events(user, *, today: datetime.date) -> list[Event]:
    booked = Exists(Interview.objects.filter(slot=OuterRef("slot")))
    assignments = (
        InterviewerAssignment.objects.filter(interviewer=user, removed_at__isnull=True)
        .filter(booked)
        .select_related("slot")
    )
    events = [
        Event(
            uid=f"panel-{assignment.slot.public_id}@cpse",
            summary=_("Interview"),
            start=assignment.slot.starts_at,
            end=assignment.slot.starts_at + datetime.timedelta(minutes=assignment.slot.duration_minutes),
            location=assignment.slot.location,
        )
        for assignment in assignments
    ]
    cohorts = list(
        Cohort.objects.filter(graduation_date__gte=today - datetime.timedelta(days=STAFF_COHORT_DAYS)).order_by("year")
    )
    for cohort in cohorts:
        events += [
            Event(
                uid=f"cohort-{cohort.pk}-{number}@cpse",
                summary=_("CPSE %(year)s: %(what)s") % {"year": cohort.year, "what": entry.label},
                start=entry.start,
                end=entry.end,
            )
            for number, entry in enumerate(cohort_calendar(cohort))
        ]
    events += _session_events(TrainingSession.objects.filter(cohort__in=cohorts))
    events += _exam_events(Exam.objects.filter(cohort__in=cohorts))
    return events


def feed_events(user, *, today: datetime.date | None = None) -> list[Event]:
    """Everything in the person's feed, each event once (a participant who also teaches
    sees her cohort's sessions once)."""
    today = today or timezone.localdate()
    participant = current_participation(user)
    events = _participant_events(participant) if participant is not None else []
    events += _interview_events(user, participant)
    if user.has_role(*FEED_ROLES):
        events += _staff_events(user, today=today)
    return list({event.uid: event for event in events}.values())
