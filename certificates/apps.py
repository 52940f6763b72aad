from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from certificates import data_rights, models, next_steps
        from cpse.audit.services import track

        for model in (models.Certificate, models.CertificateName, models.Renewal, models.CertificateBatch):
            track(model)
        # What the activity was is the graduate's own; the history says who decided, and when.
        track(models.ContinuingEducation, exclude_fields=("activity", "provider"))
        data_rights.register()
        next_steps.register_next_steps()
        # Its part of the program's one reminder schedule (cpse.notify.reminders).
        from django.utils import timezone

        from certificates.renewal import services
        from cpse.notify.reminders import Reminder, register

        register(
            Reminder(
                name="certificate_expiry",
                send=lambda now: services.expiry_reminders_send(today=timezone.localdate(now)),
                description="90, 30 and 7 days before a certificate expires; a daily count to program staff.",
            )
        )
