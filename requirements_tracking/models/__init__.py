"""Requirement tracking's models, by topic: hours (entries, sessions and attendance,
practicum) and the final exam with observed practice."""

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

__all__ = [
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
