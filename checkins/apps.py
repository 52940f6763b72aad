from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Checkins"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from checkins import data_rights, models, reminders, supervision_data_rights
        from cpse.audit.services import track
        from cpse.notify.reminders import Reminder, register

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
        data_rights.register()
        supervision_data_rights.register()
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
