from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cpse.ops"
    label = "ops"
    verbose_name = "Operations"
