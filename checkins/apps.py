from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Checkins"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from checkins import data_rights, models, next_steps, reminders
        from checkins.placement.selectors import checkins_progress
        from checkins.supervision import data_rights as supervision_data_rights
        from checkins.supervisor_digest import services as supervisor_lists
        from checkins.surveys.reminders import survey_reminders_send
        from cpse.audit.services import track
        from cpse.notify.reminders import Reminder, register
        from requirements_tracking.practicum import supervisor_list
        from requirements_tracking.progress import register_checkins_provider

        for model in (
            models.Placement,
            models.PlacementPause,
            models.CheckIn,
            models.ConcernKeyword,
            models.Concern,
            models.ConcernFollowUp,
            models.SupervisionContract,
            models.SupervisionSession,
        ):
            track(model)
        # When an invitation was answered is left out of its history: that time, next to
        # the order of the anonymous answers, could tell whose answers are whose.
        # SurveyResponse is not tracked at all, for the same reason (its history would
        # stamp each set of answers with the exact time it came in).
        track(models.SurveyInvitation, exclude_fields=("answered",))
        data_rights.register()
        supervision_data_rights.register()
        next_steps.register_next_steps()
        # Supervisors' one daily email; practicum staff's "new link" emails it at once.
        supervisor_list.register(supervisor_lists.supervisor_list_send_now)
        register(
            Reminder(
                name="supervisor_lists",
                send=supervisor_lists.supervisor_lists_send,
                description=_(
                    "To each practicum or supervision supervisor, what waits for their answer (counts "
                    "only): on the day it is asked, after three and after seven days, never twice a day."
                ),
            )
        )
        register_checkins_provider(checkins_progress)
        register(
            Reminder(
                name="checkins",
                send=reminders.checkin_reminders_send,
                description=_(
                    "Monthly check-ins of the placement year: ready, gently reminded when late, "
                    "and a follow-up for staff when one stays missed."
                ),
            )
        )
        register(
            Reminder(
                name="surveys",
                send=survey_reminders_send,
                description=_(
                    "Evaluation surveys at the end of the program and six and twelve months into "
                    "the placement: a note when one opens and one reminder a week later, never "
                    "after answering or saying no thanks."
                ),
            )
        )
