from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    name = "sponsors"
    verbose_name = "Sponsors"

    def ready(self):
        from cpse.audit.services import track
        from cpse.notify import reminders
        from sponsors import data_rights
        from sponsors.models import (
            Consent,
            FeeReduction,
            Invoice,
            InvoiceLine,
            Payment,
            SeatRelease,
            Sponsor,
            SponsorInvitation,
            SponsorLead,
            SponsorMember,
            Sponsorship,
            SponsorshipSeat,
        )
        from sponsors.reminders import invoice_due_send

        for model in (Sponsor, SponsorMember, SponsorLead, Consent):
            track(model)
        for model in (Sponsorship, SponsorshipSeat, FeeReduction, Invoice, InvoiceLine, Payment, SeatRelease):
            track(model)
        track(SponsorInvitation, exclude_fields=("token_hash",))
        data_rights.register()
        reminders.register(
            reminders.Reminder(
                name="invoice_due",
                send=invoice_due_send,
                description="Invoices due within a week, due today, or overdue (weekly): to the sponsor's "
                "members or the participant.",
            )
        )
