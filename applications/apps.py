from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from applications import data_rights, models, reminders
        from cpse.audit.services import track

        for model in (
            models.Application,
            models.Recommendation,
            models.InterviewSlot,
            models.Interview,
            models.DecisionTemplate,
            models.RubricCriterion,
            models.Appeal,
            models.AccessNeeds,
        ):
            track(model)
        data_rights.register()
        reminders.register_reminders()
