from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = "Peer mentorship"

    def ready(self):
        from cpse.audit.services import track
        from mentorship import data_rights, models

        for model in (
            models.Mentor,
            models.MentorVolunteer,
            models.MentorInvitation,
            models.Mentorship,
            models.MentorPayment,
            models.MentorMeeting,
        ):
            track(model)
        data_rights.register()
