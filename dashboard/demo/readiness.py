"""Demo readiness assessments (invented words): two 2026 applicants answered the questions
before their interview (Jo's answers wait for a judgement; Ada's interview is done and her
interviewer recorded "ready, with support agreed"), and one pilot participant (Carmen)
had her before-practicum conversation. Safe to run again: each is made once."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from cohorts.models import Participant
from requirements_tracking.models import ReadinessAssessment
from requirements_tracking.readiness.services import readiness_judge, readiness_self_save

DEMO_DOMAIN = "demo.cpse.invalid"
Outcome = ReadinessAssessment.Outcome

GENTLE = {
    "settled": {"choice": "mostly", "note": "New apartment since spring."},
    "people": {"choice": "one_or_two", "note": "My aunt and my pastor."},
    "self_care": {"choice": "learning", "note": "Walking, and music in the evening."},
    "stories": {"choice": "with_support", "note": ""},
    "asking_for_help": {"choice": "fairly_easy", "note": ""},
    "time_energy": {"choice": "enough", "note": ""},
    "support_wanted": {"choice": "team", "note": "A call before the intensive week."},
}


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def seed_readiness() -> None:
    applications = {
        a.applicant.email: a
        for a in Application.objects.filter(
            cohort__year=2026, applicant__email__in=[_email("jo"), _email("ada")]
        ).select_related("applicant")
    }
    instructor = User.objects.filter(email=_email("instructor")).first()
    manager = User.objects.filter(email=_email("manager")).first()
    with transaction.atomic():
        jo = applications.get(_email("jo"))
        if jo and not ReadinessAssessment.objects.filter(application=jo).exists():
            readiness_self_save(application=jo, answers=GENTLE, submit=True)
        ada = applications.get(_email("ada"))
        if ada and instructor and not ReadinessAssessment.objects.filter(application=ada).exists():
            readiness_self_save(
                application=ada, answers={**GENTLE, "stories": {"choice": "comfortable", "note": ""}}, submit=True
            )
            readiness_judge(
                application=ada,
                outcome=Outcome.READY_WITH_SUPPORT,
                notes="A call with the team before the intensive, as Ada asked.",
                by=instructor,
            )
        carmen = Participant.objects.filter(cohort__year=2025, user__email=_email("carmen")).first()
        if carmen and manager and not ReadinessAssessment.objects.filter(participant=carmen).exists():
            # The pilot's practicum was last year: its record is written as it stood then.
            when = timezone.make_aware(datetime.datetime(carmen.cohort.year, 6, 20, 11))
            ReadinessAssessment.objects.create(
                stage=ReadinessAssessment.Stage.BEFORE_PRACTICUM,
                participant=carmen,
                self_answers=GENTLE,
                self_submitted_at=when,
                outcome=Outcome.READY,
                staff_notes="Carmen feels ready; her host agency knows to check in after the first week.",
                assessed_by=manager,
                assessed_at=when + datetime.timedelta(days=2),
                created_at=when,
            )
