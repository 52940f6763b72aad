from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from applications import data_rights, models, next_steps, reminders
        from applications.confirmers import data_rights as confirmer_data_rights
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
            models.ConfirmerVerification,
            # A note's text is encrypted, so its history says who wrote one and when, never what.
            models.StaffNote,
        ):
            track(model)
        data_rights.register()
        confirmer_data_rights.register()
        reminders.register_reminders()
        next_steps.register_next_steps()
