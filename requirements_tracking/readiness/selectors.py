"""Reads for readiness assessments: the person's own, the one staff (or an interviewer)
judge, and staff's list of assessments waiting for a judgement."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from applications.models import Application
from applications.selectors import is_on_panel
from cohorts.models import Participant, ProgramPause
from cohorts.pauses.selectors import open_pause
from requirements_tracking.models import ReadinessAssessment

Stage = ReadinessAssessment.Stage


def interview_assessment(application: Application) -> ReadinessAssessment | None:
    return ReadinessAssessment.objects.filter(stage=Stage.INTERVIEW, application=application).first()


def _practicum_rounds(participant: Participant) -> QuerySet[ReadinessAssessment]:
    """The participant's before-practicum rounds, newest first."""
    return ReadinessAssessment.objects.filter(stage=Stage.BEFORE_PRACTICUM, participant=participant).order_by(
        "-created_at", "-pk"
    )


def latest_practicum_assessment(participant: Participant) -> ReadinessAssessment | None:
    return _practicum_rounds(participant).select_related("assessed_by").first()


def practicum_assessments(participant: Participant) -> list[ReadinessAssessment]:
    """Every before-practicum round, newest first (staff's page shows the earlier ones too)."""
    return list(_practicum_rounds(participant).select_related("assessed_by"))


def application_for_readiness(public_id) -> Application | None:
    """An application with a booked interview (the only ones assessed at interview)."""
    return (
        Application.objects.filter(public_id=public_id, interview__isnull=False)
        .select_related("applicant", "cohort", "interview__slot")
        .first()
    )


def may_judge_at_interview(user, application: Application) -> bool:
    """Program staff; an instructor only while they are on this interview's panel."""
    if user.is_program_staff:
        return True
    interview = getattr(application, "interview", None)
    return interview is not None and is_on_panel(slot_id=interview.slot_id, user=user)


def waiting_for_judgement() -> QuerySet[ReadinessAssessment]:
    """Answers sent by the person and not yet talked through, oldest first; names only
    (nothing encrypted is read for the list)."""
    return (
        ReadinessAssessment.objects.filter(self_submitted_at__isnull=False, outcome="")
        .select_related("application__applicant", "application__cohort", "participant__user", "participant__cohort")
        .defer("self_answers", "staff_notes")
        .order_by("self_submitted_at", "pk")
    )


def more_preparation_not_paused() -> QuerySet[ReadinessAssessment]:
    """Enrolled participants whose latest before-practicum judgement recommends more
    preparation and whose program has not been paused since: staff may want to agree a plan."""
    later_round = ReadinessAssessment.objects.filter(
        stage=Stage.BEFORE_PRACTICUM, participant=OuterRef("participant"), created_at__gt=OuterRef("created_at")
    )
    paused_since = ProgramPause.objects.filter(
        participant=OuterRef("participant"), started_on__gte=OuterRef("judged_on")
    )
    return (
        ReadinessAssessment.objects.filter(
            stage=Stage.BEFORE_PRACTICUM,
            outcome=ReadinessAssessment.Outcome.MORE_PREPARATION,
            participant__status=Participant.Status.ENROLLED,
        )
        .annotate(judged_on=TruncDate("assessed_at"))
        .exclude(Exists(later_round))
        .exclude(Exists(paused_since))
        .select_related("participant__user", "participant__cohort")
        .defer("self_answers", "staff_notes")
        .order_by("assessed_at", "pk")
    )


@dataclass(frozen=True)
class ParticipantReadiness:
    """What a participant's own pages show: an open pause (with its plan), and their
    latest before-practicum assessment."""

    pause: ProgramPause | None
    assessment: ReadinessAssessment | None


def participant_readiness(participant: Participant) -> ParticipantReadiness:
    """One query: a pause is open only while the participant is on leave (see
    `cohorts.services`), and the before-practicum questions are offered only to someone
    enrolled, so each is read only for those. The notice says only whether the latest
    round is answered: its answers and the team's notes are not read (nor decrypted)."""
    status = participant.status
    latest = (
        _practicum_rounds(participant).defer("self_answers", "staff_notes").first()
        if status == Participant.Status.ENROLLED
        else None
    )
    return ParticipantReadiness(
        pause=open_pause(participant) if status == Participant.Status.ON_LEAVE else None, assessment=latest
    )


def person_assessments(participant: Participant) -> QuerySet[ReadinessAssessment]:
    """Every assessment of the person behind `participant`, both stages (the interview's
    through their applications)."""
    return ReadinessAssessment.objects.filter(
        Q(participant=participant) | Q(application__applicant_id=participant.user_id)
    )


def assessments_of_person(participant: Participant) -> list[ReadinessAssessment]:
    """`person_assessments`, newest first, in one query: outcomes and dates only, the
    self-answers and staff notes are not read (the participant record)."""
    return list(person_assessments(participant).defer("self_answers", "staff_notes").order_by("-created_at", "-pk"))
