from django.apps import AppConfig


class RequirementsTrackingConfig(AppConfig):
    name = "requirements_tracking"
    verbose_name = "Requirements tracking"

    def ready(self):
        from cpse.audit.services import track
        from requirements_tracking import data_rights, models, next_steps, reminders
        from requirements_tracking.readiness.reminders import register_reminders

        for model in (
            models.HourEntry,
            models.TrainingSession,
            models.Attendance,
            models.Practicum,
            models.SupervisorConfirmation,
            models.Competency,
            models.Question,
            models.QuestionVersion,
            models.Exam,
            models.ExamQuestion,
            models.ExamAccommodation,
            models.Attempt,
            models.AnswerScore,
            models.RemediationPlan,
            models.ExamAppeal,
            models.CompetencyAssessment,
            models.EthicsCode,
            models.EthicsAcknowledgment,
            models.ReadinessAssessment,
        ):
            track(model)
        data_rights.register()
        data_rights.register_readiness()
        reminders.register_reminders()
        register_reminders()
        next_steps.register_next_steps()
