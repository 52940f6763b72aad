from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "cpse.notify"
    label = "notify"
    verbose_name = "Notifications"
