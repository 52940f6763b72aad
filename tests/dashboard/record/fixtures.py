"""Builders for the participant record's program-standards sections: rows of each kind,
each carrying a private text the record must never show."""

import datetime

from django.utils import timezone

from applications.models import AccessNeeds
from checkins.models import SupervisionContract, SupervisionSession, Survey, SurveyInvitation
from cohorts.models import ProgramPause
from requirements_tracking.models import EthicsAcknowledgment, EthicsCode, ReadinessAssessment
from sponsors.models import FeeReduction
from tests.mentorship.factories import MeetingFactory, MentorshipFactory

# The private texts the builders write; none may appear on the record.
PRIVATE = ("READINESS-ANSWER", "READINESS-NOTE", "PAUSE-PLAN", "SUPERVISION-REFLECTION", "ACCESS-NOTE", "REASON")


def ethics_code(participant, version: int) -> EthicsCode:
    return EthicsCode.objects.create(
        credential_id=participant.cohort.credential_id, version=version, title=f"Code v{version}", body="The code."
    )


def contract(participant, setting, *, agreed: bool, replaced: bool = False) -> SupervisionContract:
    # Agreed at noon 60 local days ago: whatever the hour, and across a change of the
    # clocks, the gap counts exactly 60 days.
    at = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=60), datetime.time(12))
    )
    return SupervisionContract.objects.create(
        participant=participant,
        setting=setting,
        supervisor_name="Robin Vale",
        supervisor_email="robin@example.org",
        frequency=SupervisionContract.Frequency.MONTHLY,
        expectations="e",
        feedback_channels="f",
        confidentiality="c",
        raising_concerns="r",
        participant_agreed_at=at if agreed else None,
        supervisor_agreed_at=at if agreed else None,
        replaced_at=timezone.now() if replaced else None,
    )


def participant_with_standards(participant, rows: int = 1) -> None:
    """`rows` of each kind of the standards' rows, each carrying a private text."""
    today = timezone.localdate()
    for number in range(rows):
        code = ethics_code(
            participant, EthicsCode.objects.filter(credential_id=participant.cohort.credential_id).count() + 1
        )
        EthicsAcknowledgment.objects.create(code=code, participant=participant)
        ReadinessAssessment.objects.create(
            stage=ReadinessAssessment.Stage.BEFORE_PRACTICUM,
            participant=participant,
            self_answers={"steady": "READINESS-ANSWER"},
            self_submitted_at=timezone.now(),
            outcome=ReadinessAssessment.Outcome.READY_WITH_SUPPORT,
            staff_notes="READINESS-NOTE",
            assessed_at=timezone.now(),
        )
        start = today - datetime.timedelta(days=400 - 20 * number)
        ProgramPause.objects.create(
            participant=participant, plan="PAUSE-PLAN", started_on=start, return_on=start, ended_on=start
        )
        old = contract(participant, SupervisionContract.Setting.PLACEMENT, agreed=True, replaced=True)
        SupervisionSession.objects.create(contract=old, held_on=today, minutes=60, reflection="SUPERVISION-REFLECTION")
        mentorship = MentorshipFactory(participant=participant, started_on=start, ended_on=start)
        MeetingFactory(mentorship=mentorship, met_on=start)
        FeeReduction.objects.create(
            participant=participant, kind=FeeReduction.Kind.SCHOLARSHIP, amount_cents=1_000, reason="REASON"
        )
    AccessNeeds.objects.update_or_create(user=participant.user, defaults={"captioning": True, "note": "ACCESS-NOTE"})
    for survey in Survey.values[:rows]:
        SurveyInvitation.objects.get_or_create(participant=participant, survey=survey, opens_on=today)
