"""Readiness assessments: the person's own answers (at interview, before the practicum),
then staff's or the interviewer's judgement. "More preparation recommended" is a
recommendation, never a verdict: staff may then pause the program with a plan
(`cohorts.pauses.services`), and the participant's progress is kept."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from cohorts.models import Participant
from cpse.errors import DomainError
from requirements_tracking.models import ReadinessAssessment
from requirements_tracking.readiness.questions import BY_KEY, NOTE_MAX_LENGTH

Stage = ReadinessAssessment.Stage
Outcome = ReadinessAssessment.Outcome
NOTES_MAX_LENGTH = 5000

# The applicant answers between the invitation and the decision.
INTERVIEW_STATUSES = (
    Application.Status.INTERVIEW_INVITED,
    Application.Status.INTERVIEW_BOOKED,
    Application.Status.INTERVIEWED,
)


class ReadinessError(DomainError):
    code = "readiness_error"


def _clean_answers(answers: dict) -> dict:
    """Only known questions and choices; notes trimmed and bounded."""
    cleaned = {}
    for key, answer in answers.items():
        question = BY_KEY.get(key)
        if question is None or not isinstance(answer, dict):
            raise ReadinessError(_("That question is not part of the assessment."), code="unknown_question")
        choice, note = answer.get("choice") or "", (answer.get("note") or "").strip()
        if choice and choice not in dict(question.choices):
            raise ReadinessError(_("Please choose one of the answers shown."), code="unknown_choice")
        if len(note) > NOTE_MAX_LENGTH:
            raise ReadinessError(
                _("Please keep each note under %(max)s characters.") % {"max": NOTE_MAX_LENGTH}, code="note_too_long"
            )
        if choice or note:
            cleaned[key] = {"choice": choice, "note": note}
    return cleaned


def _interview_assessment(application: Application) -> ReadinessAssessment:
    """The application's one interview-stage assessment, created if need be, locked."""
    try:
        with transaction.atomic():
            ReadinessAssessment.objects.get_or_create(stage=Stage.INTERVIEW, application=application)
    except IntegrityError:
        pass  # created by a second click a moment ago
    return ReadinessAssessment.objects.select_for_update().get(stage=Stage.INTERVIEW, application=application)


def _open_for_self(*, application: Application | None, participant: Participant | None) -> ReadinessAssessment:
    """The assessment the person's answers go to, locked: at interview the application's
    one; before the practicum the latest not yet judged, or a new one (a new round)."""
    if application is not None:
        if application.status not in INTERVIEW_STATUSES:
            raise ReadinessError(
                _("These questions are for the time around your interview."), code="not_interview_stage"
            )
        return _interview_assessment(application)
    # Participants answer while taking part (also while on leave, to get ready to return).
    if participant.status not in Participant.TAKING_PART:
        raise ReadinessError(_("These questions are for participants in the program."), code="not_in_program")
    # Lock the participant row: two first saves at once make one new round, not two.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    latest = (
        ReadinessAssessment.objects.select_for_update()
        .filter(stage=Stage.BEFORE_PRACTICUM, participant=participant)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None or latest.outcome:
        latest = ReadinessAssessment.objects.create(stage=Stage.BEFORE_PRACTICUM, participant=participant)
    return latest


def readiness_self_save(
    *,
    answers: dict,
    submit: bool,
    application: Application | None = None,
    participant: Participant | None = None,
) -> ReadinessAssessment:
    """Save the person's answers; `submit` sends them to the team (they can still change
    them until the team has talked it through). Answers already judged are not changed."""
    if (application is None) == (participant is None):
        raise ValueError("An application or a participant, not both")
    cleaned = _clean_answers(answers)
    if not cleaned:
        raise ReadinessError(_("Please answer at least one question first."), code="empty")
    with transaction.atomic():
        assessment = _open_for_self(application=application, participant=participant)
        if assessment.outcome:
            raise ReadinessError(
                _("The team has already talked your answers through, so they can no longer be changed here."),
                code="already_assessed",
            )
        assessment.self_answers = cleaned
        if submit and assessment.self_submitted_at is None:
            assessment.self_submitted_at = timezone.now()
        assessment.save(update_fields=["self_answers", "self_submitted_at"])
    return assessment


def readiness_judge(
    *,
    outcome: str,
    notes: str,
    by,
    application: Application | None = None,
    participant: Participant | None = None,
    new_round: bool = False,
) -> ReadinessAssessment:
    """Record staff's (or the interviewer's) judgement on the latest assessment, or on a
    new one when there is none yet or `new_round` asks for it (the earlier one is kept).
    Saving again corrects the judgement; the change history keeps what it said before."""
    if (application is None) == (participant is None):
        raise ValueError("An application or a participant, not both")
    if outcome not in Outcome.values:
        raise ReadinessError(_("Please choose an outcome."), code="outcome_missing")
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        raise ReadinessError(
            _("Please keep the notes under %(max)s characters.") % {"max": NOTES_MAX_LENGTH}, code="notes_too_long"
        )
    with transaction.atomic():
        if application is not None:
            assessment = _interview_assessment(application)
        else:
            Participant.objects.select_for_update().filter(pk=participant.pk).first()
            assessment = (
                ReadinessAssessment.objects.select_for_update()
                .filter(stage=Stage.BEFORE_PRACTICUM, participant=participant)
                .order_by("-created_at", "-pk")
                .first()
            )
            if assessment is None or (new_round and assessment.outcome):
                assessment = ReadinessAssessment.objects.create(stage=Stage.BEFORE_PRACTICUM, participant=participant)
        assessment.outcome = outcome
        assessment.staff_notes = notes
        assessment.assessed_by = by
        assessment.assessed_at = timezone.now()
        assessment.save(update_fields=["outcome", "staff_notes", "assessed_by", "assessed_at"])
    return assessment
