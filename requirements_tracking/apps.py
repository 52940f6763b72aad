from django.apps import AppConfig


class RequirementsTrackingConfig(AppConfig):
    name = "requirements_tracking"
    verbose_name = "Requirements tracking"

    def ready(self):
        from cpse.audit.services import track
        from requirements_tracking import data_rights, models

        for model in (
            models.HourEntry,
            models.TrainingSession,
            models.Attendance,
            models.Practicum,
            models.SupervisorConfirmation,
        ):
            track(model)
        data_rights.register()
