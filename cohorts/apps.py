from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts"

    def ready(self):
        from cohorts import models, services
        from cpse import data_rights
        from cpse.audit.services import track

        for model in (
            models.Credential,
            models.RequirementSet,
            models.Requirement,
            models.Cohort,
            models.Participant,
            models.ProgressExpectation,
        ):
            track(model)
        track(models.ParticipantStatusChange)
        data_rights.register(
            data_rights.PersonalData(
                name="participation",
                models=(models.Participant, models.ParticipantStatusChange),
                export=services.export_participations,
                erase=services.erase_participations,
            )
        )
