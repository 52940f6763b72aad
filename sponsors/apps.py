from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    name = "sponsors"
    verbose_name = "Sponsors"

    def ready(self):
        from cpse import data_rights
        from cpse.audit.services import track
        from sponsors import services
        from sponsors.models import Sponsor, SponsorMember

        track(Sponsor)
        track(SponsorMember)
        data_rights.register(
            data_rights.PersonalData(
                name="sponsor_memberships",
                models=(SponsorMember,),
                export=services.export_memberships,
                erase=services.erase_memberships,
            )
        )
