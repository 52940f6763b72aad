"""Requirement tracking's models, by topic: hours (entries, sessions and attendance,
practicum), the final exam with observed practice, and the program standards (code of
ethics, readiness)."""

from requirements_tracking.models.exam import (
    Answer,
    AnswerScore,
    Attempt,
    Competency,
    CompetencyAssessment,
    Exam,
    ExamAccommodation,
    ExamAppeal,
    ExamQuestion,
    Question,
    QuestionVersion,
    RemediationPlan,
)
from requirements_tracking.models.hours import (
    Attendance,
    HourEntry,
    Practicum,
    SupervisorConfirmation,
    TrainingSession,
)
from requirements_tracking.models.standards import EthicsAcknowledgment, EthicsCode, ReadinessAssessment

__all__ = [
    "EthicsAcknowledgment",
    "EthicsCode",
    "ReadinessAssessment",
    "Answer",
    "AnswerScore",
    "Attempt",
    "Attendance",
    "Competency",
    "CompetencyAssessment",
    "Exam",
    "ExamAccommodation",
    "ExamAppeal",
    "ExamQuestion",
    "HourEntry",
    "Practicum",
    "Question",
    "QuestionVersion",
    "RemediationPlan",
    "SupervisorConfirmation",
    "TrainingSession",
]
