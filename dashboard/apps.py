from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Staff dashboard"

    def ready(self):
        from cpse.audit.services import track
        from dashboard import data_rights
        from dashboard.calendar import data_rights as calendar_data_rights
        from dashboard.models import CohortMessage

        track(CohortMessage)
        data_rights.register()
        calendar_data_rights.register()
