from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts"

    def ready(self):
        from cohorts import models, next_steps, services
        from cohorts.pauses.services import erase_pauses, export_pauses
        from cpse import data_rights
        from cpse.audit.services import track

        for model in (
            models.Credential,
            models.RequirementSet,
            models.Requirement,
            models.Cohort,
            models.Participant,
            models.ProgressExpectation,
            models.ProgramPause,
        ):
            track(model)
        track(models.ParticipantStatusChange)
        next_steps.register_program_steps()
        data_rights.register(
            data_rights.PersonalData(
                name="participation",
                models=(models.Participant, models.ParticipantStatusChange),
                export=services.export_participations,
                erase=services.erase_participations,
            )
        )
        data_rights.register(
            data_rights.PersonalData(
                name="working_cohort",
                models=(models.WorkingCohort,),
                export=services.export_working_cohort,
                erase=services.erase_working_cohort,
            )
        )
        data_rights.register(
            data_rights.PersonalData(
                name="program_pauses",
                models=(models.ProgramPause,),
                export=export_pauses,
                erase=erase_pauses,
            )
        )
