from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    name = "sponsors"
    verbose_name = "Sponsors"

    def ready(self):
        from cpse.audit.services import track
        from sponsors import data_rights
        from sponsors.models import Consent, Sponsor, SponsorInvitation, SponsorLead, SponsorMember

        for model in (Sponsor, SponsorMember, SponsorLead, Consent):
            track(model)
        track(SponsorInvitation, exclude_fields=("token_hash",))
        data_rights.register()
