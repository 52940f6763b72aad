from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cpse.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from cpse import data_rights
        from cpse.audit.models import AccessLogEntry
        from cpse.audit.services import export_record_views

        # Record views hold no content; they stay after an erasure, pointing at the
        # emptied account, so that access stays accountable.
        data_rights.register(
            data_rights.PersonalData(name="record_views", models=(AccessLogEntry,), export=export_record_views)
        )
