"""What the sponsors app holds about a person: the organisations they sign in for (and
invitations to them), a lead they sent through the public form, a participant's consent
choices, and (money_data_rights) their fee records."""

import datetime

from django.conf import settings
from django.db.models import Q

from cpse import data_rights
from cpse.audit.services import redact_change_history
from sponsors.models import (
    Consent,
    ConsentChange,
    SponsorInvitation,
    SponsorLead,
    SponsorMember,
)
from sponsors.models.consent import SHAREABLE
from sponsors.money import data_rights as money_data_rights


def export_memberships(user) -> list[dict]:
    return [
        {"organisation": m.sponsor.name, "joined": m.joined_at}
        for m in SponsorMember.objects.filter(user=user).select_related("sponsor")
    ]


def erase_memberships(user) -> None:
    memberships = SponsorMember.objects.filter(user=user)
    redact_change_history(SponsorMember, memberships.values_list("pk", flat=True))
    memberships.delete()
    invitations = SponsorInvitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))
    redact_change_history(SponsorInvitation, invitations.values_list("pk", flat=True))
    invitations.delete()
    SponsorInvitation.objects.filter(invited_by=user).update(invited_by=None)


def export_leads(user) -> list[dict]:
    return [
        {
            "sent": lead.created_at,
            "name": lead.name,
            "organisation": lead.organisation,
            "email": lead.email,
            "phone": lead.phone,
            "interest": lead.get_interest_display(),
            "message": lead.message,
        }
        for lead in SponsorLead.objects.filter(email__iexact=user.email).order_by("created_at")
    ]


def erase_leads(user) -> None:
    leads = SponsorLead.objects.filter(email__iexact=user.email)
    redact_change_history(SponsorLead, leads.values_list("pk", flat=True))
    leads.delete()


def export_consent(user) -> list[dict]:
    """What the participant lets each sponsor see now, and every change they made."""
    current = [
        {
            "sponsor": consent.sponsor.name,
            "shares": [name for name in SHAREABLE if getattr(consent, name)],
            "since": consent.updated_at,
        }
        for consent in Consent.objects.filter(participant__user=user).select_related("sponsor").order_by("pk")
    ]
    history = [
        {"sponsor": change.sponsor.name, "field": change.field, "granted": change.granted, "when": change.changed_at}
        for change in ConsentChange.objects.filter(participant__user=user).select_related("sponsor").order_by("pk")
    ]
    return [*current, *history]


def erase_consent(user) -> None:
    """Nothing is shared with any sponsor any more; the history goes with it."""
    consents = Consent.objects.filter(participant__user=user)
    redact_change_history(Consent, consents.values_list("pk", flat=True))
    consents.delete()
    ConsentChange.objects.filter(participant__user=user).delete()
    ConsentChange.objects.filter(changed_by=user).update(changed_by=None)


def purge_leads(now: datetime.datetime, dry_run: bool) -> int:
    """Leads that did not become a sponsor, after the retention period (a lead that did is
    kept with its organisation)."""
    expired = SponsorLead.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.RETENTION_SPONSOR_LEAD_DAYS), sponsor__isnull=True
    )
    if not dry_run:
        # The audit log's copy of the name and address goes too.
        redact_change_history(SponsorLead, expired.values_list("pk", flat=True))
    return data_rights.purge(expired, dry_run=dry_run)


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="sponsor_memberships",
            models=(SponsorMember, SponsorInvitation),
            export=export_memberships,
            erase=erase_memberships,
        )
    )
    data_rights.register(
        data_rights.PersonalData(name="sponsor_leads", models=(SponsorLead,), export=export_leads, erase=erase_leads)
    )
    data_rights.register(
        data_rights.PersonalData(
            name="sponsor_consent", models=(Consent, ConsentChange), export=export_consent, erase=erase_consent
        )
    )
    data_rights.register(
        data_rights.PersonalData(
            name="fees_and_invoices",
            models=money_data_rights.MODELS,
            export=money_data_rights.export,
            erase=money_data_rights.erase,
        )
    )
    data_rights.register_retention(data_rights.RetentionRule(name="sponsor_leads", purge=purge_leads))
