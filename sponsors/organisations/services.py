"""Writes for sponsor organisations, their people, invitations to the portal, and leads
from the public "sponsor a survivor" form.

Rules chosen here: an invitation is a one-time link (the raw token is returned once and never
stored); a resend is a new link and the old one stops working. Removing a person's last
membership removes the sponsor role. Staff are told a lead is waiting, never what it says.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.invitations import services
from accounts.models import Role, User
from accounts.selectors import active_program_staff
from accounts.services import user_grant_role
from cpse.notify.services import notification_queue
from sponsors.errors import InvitationError, SponsorError
from sponsors.models import Sponsor, SponsorInvitation, SponsorLead, SponsorMember

SPONSOR_FIELDS = ("name", "kind", "contact_name", "contact_email", "phone", "billing_address")


def sponsor_create(*, by: User, lead: SponsorLead | None = None, **fields) -> Sponsor:
    """A new sponsor organisation; made from a lead, the lead is linked and marked."""
    with transaction.atomic():
        sponsor = Sponsor.objects.create(**{name: fields[name] for name in SPONSOR_FIELDS})
        if lead is not None:
            lead.sponsor, lead.status = sponsor, SponsorLead.Status.BECAME_SPONSOR
            lead.save(update_fields=["sponsor", "status"])
    return sponsor


def sponsor_update(*, sponsor: Sponsor, by: User, **fields) -> Sponsor:
    with transaction.atomic():
        for name in SPONSOR_FIELDS:
            setattr(sponsor, name, fields[name])
        sponsor.save(update_fields=list(SPONSOR_FIELDS))
    return sponsor


def member_remove(*, member: SponsorMember, by: User) -> None:
    """The person no longer signs in for this organisation. Without another membership
    they lose the sponsor role (and with it the portal)."""
    with transaction.atomic():
        user = member.user
        member.delete()
        if not SponsorMember.objects.filter(user=user).exists():
            user.groups.remove(*user.groups.filter(name=Role.SPONSOR))
            user.__dict__.pop("_role_names", None)


def invitation_send(*, sponsor: Sponsor, email: str, by: User) -> tuple[SponsorInvitation, str]:
    """A one-time link for `email` to join `sponsor`'s portal. A link still waiting for
    the same address stops working (a resend is a new link). Returns the row and the raw
    token (never stored)."""
    email = email.strip().lower()
    if SponsorMember.objects.filter(sponsor=sponsor, user__email__iexact=email).exists():
        raise SponsorError(_("This person already signs in for this organisation."), code="already_member")
    token, token_hash = services.token_new()
    now = timezone.now()
    with transaction.atomic():
        services.invitation_cancel_waiting(SponsorInvitation.objects.filter(sponsor=sponsor, email__iexact=email))
        invitation = SponsorInvitation.objects.create(
            sponsor=sponsor,
            email=email,
            token_hash=token_hash,
            invited_by=by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.SPONSOR_INVITATION_DAYS),
        )
        notification_queue(
            kind="sponsor_invitation",
            key=f"sponsor-invitation:{invitation.pk}",
            to_email=email,
            context={
                "path": reverse("sponsors_public:invitation", kwargs={"token": token}),
                "expires": invitation.expires_at,
            },
            one_time_link=True,
        )
    return invitation, token


def invitation_resend(*, invitation: SponsorInvitation, by: User) -> tuple[SponsorInvitation, str]:
    if invitation.accepted_at is not None:
        raise SponsorError(_("This invitation has already been accepted."), code="used")
    return invitation_send(sponsor=invitation.sponsor, email=invitation.email, by=by)


def invitation_cancel(*, invitation: SponsorInvitation, by: User) -> None:
    if not services.invitation_cancel_waiting(SponsorInvitation.objects.filter(pk=invitation.pk)):
        raise SponsorError(_("This invitation is no longer waiting."), code="not_waiting")


def invitation_for_token(token: str) -> SponsorInvitation:
    """The waiting invitation behind a link (accounts.invitations.services: every closed link gets
    the same answer)."""
    return services.invitation_waiting(
        SponsorInvitation.objects.select_related("sponsor"), token, error=InvitationError
    )


def invitation_accept(*, token: str, user: User) -> SponsorMember:
    """The signed-in person, with the invited address, joins the organisation. Works once
    (a second accept, or a double click, changes nothing)."""
    invitation = invitation_for_token(token)
    with transaction.atomic():
        services.invitation_claim(invitation, user=user, error=InvitationError)
        try:
            with transaction.atomic():
                member = SponsorMember.objects.create(sponsor=invitation.sponsor, user=user)
        except IntegrityError:
            member = SponsorMember.objects.get(sponsor=invitation.sponsor, user=user)
        user_grant_role(user=user, role=Role.SPONSOR)
    return member


def lead_create(
    *, name: str, organisation: str, kind: str, email: str, phone: str, interest: str, message: str
) -> SponsorLead:
    """A lead for staff. Program staff are told something is waiting, never what."""
    with transaction.atomic():
        lead = SponsorLead.objects.create(
            name=name,
            organisation=organisation,
            kind=kind,
            email=email,
            phone=phone,
            interest=interest,
            message=message,
        )
        for staff in active_program_staff():
            notification_queue(
                kind="staff_attention",
                key=f"sponsor-lead:{lead.public_id}:{staff.pk}",
                recipient=staff,
                context={"path": reverse("sponsors_staff:leads")},
            )
    return lead


def lead_set_status(*, lead: SponsorLead, status: str, by: User) -> SponsorLead:
    if status not in SponsorLead.Status.values:
        raise SponsorError(_("Please choose a status."), code="unknown_status")
    with transaction.atomic():
        lead.status = status
        lead.save(update_fields=["status"])
    return lead
