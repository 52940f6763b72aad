from django.apps import AppConfig


class RequirementsTrackingConfig(AppConfig):
    name = "requirements_tracking"
    verbose_name = "Requirements tracking"
