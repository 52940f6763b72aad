from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "cpse.notify"
    label = "notify"
    verbose_name = "Notifications"

    def ready(self):
        from cpse import data_rights
        from cpse.notify import services
        from cpse.notify.models import Notification

        data_rights.register(
            data_rights.PersonalData(
                name="messages", models=(Notification,), export=services.export_messages, erase=services.erase_messages
            )
        )
        data_rights.register_retention(
            data_rights.RetentionRule(name="delivered_messages", purge=services.purge_delivered_messages)
        )
