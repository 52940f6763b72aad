"""What requirements tracking holds about a person: their hour entries, their attendance
at training sessions, and their practicums with the supervisors' answers (or, for a
supervisor, the answers they gave).

Rules chosen here: the documents attached to hour entries are in the export under
files/hours/ (named in the entry's "document"), and are deleted once the erasure commits.
"""

import pathlib

from django.db.models import Q

from cpse import data_rights
from cpse.audit.services import redact_change_history
from cpse.bilingual import written
from requirements_tracking.hours.services import hour_entry_evidence_delete_on_commit
from requirements_tracking.models import (
    AnswerScore,
    Attempt,
    Attendance,
    CompetencyAssessment,
    EthicsAcknowledgment,
    EthicsCode,
    ExamAccommodation,
    ExamAppeal,
    HourEntry,
    Practicum,
    QuestionVersion,
    ReadinessAssessment,
    RemediationPlan,
    SupervisorConfirmation,
    TrainingSession,
)
from requirements_tracking.readiness.questions import answers_shown


def export(user) -> list[dict]:
    """The person's own entries, with their reflections and the staff's comments to them."""
    return [
        {
            "cohort": str(entry.participant.cohort),
            "requirement": str(entry.requirement),
            "date": entry.date,
            "hours": entry.hours,
            "activity": entry.get_kind_display(),
            "reflection": entry.reflection,
            "status": entry.get_status_display(),
            "staff_comment": entry.staff_comment,
            "logged": entry.created_at,
            "reviewed": entry.reviewed_at,
            "document": _evidence_name(entry),
        }
        for entry in HourEntry.objects.filter(participant__user=user)
        .select_related("participant__cohort", "requirement")
        .order_by("date", "pk")
    ]


def _evidence_name(entry: HourEntry) -> str:
    """The document's name in the export: the entry's date and a piece of its public id."""
    if not entry.evidence:
        return ""
    return f"document-{entry.date.isoformat()}-{entry.public_id.hex[:8]}{pathlib.Path(entry.evidence.name).suffix}"


def files(user):
    for entry in HourEntry.objects.filter(participant__user=user).exclude(evidence="").order_by("date", "pk"):
        with entry.evidence.open("rb") as document:
            yield _evidence_name(entry), document.read()


def _delete_evidence(entries) -> None:
    for entry in entries.exclude(evidence="").only("pk", "evidence"):
        hour_entry_evidence_delete_on_commit(entry)


def erase(user) -> None:
    """Every entry, with what hangs on it (supervisors' answers, attendance): their change
    history is emptied before the rows go, as deleting them would take the ids along."""
    entries = HourEntry.objects.filter(participant__user=user)
    attendances = Attendance.objects.filter(participant__user=user)
    redact_change_history(
        SupervisorConfirmation,
        SupervisorConfirmation.objects.filter(entry__participant__user=user).values_list("pk", flat=True),
    )
    redact_change_history(Attendance, attendances.values_list("pk", flat=True))
    redact_change_history(HourEntry, entries.values_list("pk", flat=True))
    _delete_evidence(entries)
    attendances.delete()
    entries.delete()


def export_attendance(user) -> list[dict]:
    return [
        {
            "cohort": str(attendance.session.cohort),
            "session": attendance.session.title,
            "starts": attendance.session.starts_at,
            "attendance": attendance.get_status_display(),
            "minutes": attendance.minutes,
        }
        for attendance in Attendance.objects.filter(participant__user=user)
        .select_related("session__cohort")
        .order_by("session__starts_at", "pk")
    ]


def export_practicum(user) -> dict:
    """The person's practicums and each answer about their hours; for a supervisor with
    an account, the answers they gave signed in (without the participants' names)."""
    return {
        "practicums": [
            {
                "cohort": str(practicum.participant.cohort),
                "host_agency": practicum.host_agency,
                "supervisor_name": practicum.supervisor_name,
                "supervisor_email": practicum.supervisor_email,
                "current": practicum.is_current,
                "named": practicum.created_at,
            }
            for practicum in Practicum.objects.filter(participant__user=user)
            .select_related("participant__cohort")
            .order_by("created_at", "pk")
        ],
        "supervisor_answers": [
            _answer(confirmation)
            for confirmation in SupervisorConfirmation.objects.filter(entry__participant__user=user)
            .select_related("entry", "practicum")
            .order_by("created_at", "pk")
        ],
        "answers_you_gave": [
            {"status": confirmation.get_status_display(), "answered": confirmation.decided_at}
            for confirmation in SupervisorConfirmation.objects.filter(decided_by=user).order_by("decided_at", "pk")
        ],
    }


def _answer(confirmation: SupervisorConfirmation) -> dict:
    return {
        "host_agency": confirmation.practicum.host_agency,
        "date": confirmation.entry.date,
        "hours": confirmation.entry.hours,
        "status": confirmation.get_status_display(),
        "asked": confirmation.created_at,
        "answered": confirmation.decided_at,
        "comment": confirmation.comment,
    }


def erase_practicum(user) -> None:
    """Entries first: a practicum with hours cannot be deleted (PROTECT). A supervisor's
    account is unlinked; their answers stay with the participant's record."""
    entries = HourEntry.objects.filter(participant__user=user, practicum__isnull=False)
    confirmations = SupervisorConfirmation.objects.filter(entry__participant__user=user)
    practicums = Practicum.objects.filter(participant__user=user)
    redact_change_history(SupervisorConfirmation, confirmations.values_list("pk", flat=True))
    redact_change_history(HourEntry, entries.values_list("pk", flat=True))
    redact_change_history(Practicum, practicums.values_list("pk", flat=True))
    _delete_evidence(entries)
    entries.delete()
    practicums.delete()
    Practicum.objects.filter(supervisor_user=user).update(supervisor_user=None)


def export_ethics(user) -> list[dict]:
    """Which versions of the code of ethics the person acknowledged, and when."""
    return [
        {
            "code": str(written(ack.code, "title")),
            "credential": str(ack.code.credential),
            "version": ack.code.version,
            "acknowledged": ack.acknowledged_at,
        }
        for ack in EthicsAcknowledgment.objects.filter(participant__user=user)
        .select_related("code__credential")
        .order_by("acknowledged_at", "pk")
    ]


def erase_ethics(user) -> None:
    acknowledgments = EthicsAcknowledgment.objects.filter(participant__user=user)
    redact_change_history(EthicsAcknowledgment, acknowledgments.values_list("pk", flat=True))
    acknowledgments.delete()


def register() -> None:
    # EthicsCode points only at the staff member who published it.
    data_rights.register(
        data_rights.PersonalData(
            name="ethics", models=(EthicsCode, EthicsAcknowledgment), export=export_ethics, erase=erase_ethics
        )
    )
    data_rights.register(
        data_rights.PersonalData(
            name="exam",
            # QuestionVersion and AnswerScore point at staff (who wrote or scored).
            models=(
                Attempt,
                AnswerScore,
                ExamAppeal,
                ExamAccommodation,
                CompetencyAssessment,
                QuestionVersion,
                RemediationPlan,
            ),
            export=export_exam,
            erase=erase_exam,
        )
    )
    data_rights.register(
        data_rights.PersonalData(name="hours", models=(HourEntry,), export=export, erase=erase, files=files)
    )
    # Erased with the hour entries (above); sessions themselves point only at staff.
    data_rights.register(
        data_rights.PersonalData(
            name="training_sessions", models=(TrainingSession, Attendance), export=export_attendance
        )
    )
    data_rights.register(
        data_rights.PersonalData(
            name="practicum",
            models=(Practicum, SupervisorConfirmation),
            export=export_practicum,
            erase=erase_practicum,
        )
    )


def export_exam(user) -> dict:
    """The person's attempts with their own answers and results, remediation plans,
    appeals, accommodations and observed-practice results. What staff wrote about them
    (scorers' and assessors' comments, staff notes on accommodations) stays out, as
    those writers are promised, and so does the answer key."""
    attempts = (
        Attempt.objects.filter(participant__user=user)
        .select_related("exam")
        .prefetch_related("answers__version__question", "appeals")
        .order_by("started_at")
    )
    return {
        "attempts": [
            {
                "exam": str(written(attempt.exam, "title")),
                "attempt": attempt.number,
                "started": attempt.started_at,
                "submitted": attempt.submitted_at,
                "status": attempt.get_status_display(),
                "percent": attempt.percent,
                "passed": attempt.passed,
                "answers": [
                    {"question": str(written(answer.version, "text")), "your_answer": answer.in_words}
                    for answer in attempt.answers.all()
                ],
                "appeals": [
                    {
                        "reason": appeal.reason,
                        "submitted": appeal.submitted_at,
                        "status": appeal.get_status_display(),
                        "outcome": appeal.outcome,
                    }
                    for appeal in attempt.appeals.all()
                ],
            }
            for attempt in attempts
        ],
        "remediation_plans": [
            {"plan": plan.plan, "review_by": plan.review_by, "completed": plan.completed_at}
            for plan in RemediationPlan.objects.filter(attempt__participant__user=user).order_by("created_at")
        ],
        "accommodations": [
            {"exam": item.exam.title, "extra_minutes": item.extra_minutes, "read_aloud_layout": item.read_aloud_layout}
            for item in ExamAccommodation.objects.filter(participant__user=user).select_related("exam")
        ],
        "observed_practice": [
            {
                "competency": item.competency.name,
                "setting": item.get_setting_display(),
                "result": item.get_result_display(),
                "observed": item.observed_on,
            }
            for item in CompetencyAssessment.objects.filter(participant__user=user).select_related("competency")
        ],
    }


def erase_exam(user) -> None:
    attempts = Attempt.objects.filter(participant__user=user)
    for model, rows in (
        (AnswerScore, AnswerScore.objects.filter(answer__attempt__in=attempts)),
        (RemediationPlan, RemediationPlan.objects.filter(attempt__in=attempts)),
        (ExamAppeal, ExamAppeal.objects.filter(attempt__in=attempts)),
        (ExamAccommodation, ExamAccommodation.objects.filter(participant__user=user)),
        (CompetencyAssessment, CompetencyAssessment.objects.filter(participant__user=user)),
        (Attempt, attempts),
    ):
        redact_change_history(model, rows.values_list("pk", flat=True))
    ExamAccommodation.objects.filter(participant__user=user).delete()
    CompetencyAssessment.objects.filter(participant__user=user).delete()
    attempts.delete()  # answers, scores, plans and appeals go with them


def _readiness_of(user):
    return ReadinessAssessment.objects.filter(Q(application__applicant=user) | Q(participant__user=user))


def export_readiness(user) -> list[dict]:
    """The person's readiness assessments: their own answers in words, and the team's
    outcome and notes (written to be read by the person)."""
    return [
        {
            "stage": assessment.get_stage_display(),
            "your_answers": [
                {"question": str(item.question.text), "answer": item.answer, "your_words": item.note}
                for item in answers_shown(assessment.self_answers)
            ],
            "sent": assessment.self_submitted_at,
            "outcome": assessment.get_outcome_display(),
            "notes": assessment.staff_notes,
            "talked_through": assessment.assessed_at,
        }
        for assessment in _readiness_of(user).order_by("created_at", "pk")
    ]


def erase_readiness(user) -> None:
    assessments = _readiness_of(user)
    pks = list(assessments.values_list("pk", flat=True))
    assessments.delete()
    redact_change_history(ReadinessAssessment, pks)
    ReadinessAssessment.objects.filter(assessed_by=user).update(assessed_by=None)


def register_readiness() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="readiness", models=(ReadinessAssessment,), export=export_readiness, erase=erase_readiness
        )
    )
