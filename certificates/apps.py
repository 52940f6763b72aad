from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from certificates import data_rights, models
        from cpse.audit.services import track

        for model in (models.Certificate, models.CertificateName, models.Renewal, models.CertificateBatch):
            track(model)
        data_rights.register()
