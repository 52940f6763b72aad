"""Reads for staff's sponsor pages: organisations, their people, waiting invitations, and
leads.

Rules chosen here: lists are ordered so pages are stable (name, then row id; newest lead
first); a lead's message is loaded only on the lead's own page.
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Now

from sponsors.models import Sponsor, SponsorInvitation, SponsorLead, SponsorMember


def sponsors_for_staff(query: str = "") -> QuerySet[Sponsor]:
    sponsors = Sponsor.objects.annotate(member_count=Count("members", distinct=True)).order_by("name", "pk")
    if query:
        sponsors = sponsors.filter(
            Q(name__icontains=query) | Q(contact_name__icontains=query) | Q(contact_email__icontains=query)
        )
    return sponsors


def sponsor_for_staff(public_id) -> Sponsor | None:
    return Sponsor.objects.filter(public_id=public_id).first()


def members_of(sponsor: Sponsor) -> QuerySet[SponsorMember]:
    return (
        SponsorMember.objects.filter(sponsor=sponsor)
        .select_related("user")
        .only("joined_at", "sponsor_id", "user__display_name", "user__email")
        .order_by("joined_at", "pk")
    )


def member_of(sponsor: Sponsor, pk: int) -> SponsorMember | None:
    """One of the organisation's people by row id (None if not, or no longer, theirs)."""
    return members_of(sponsor).filter(pk=pk).first()


def waiting_invitations_of(sponsor: Sponsor) -> QuerySet[SponsorInvitation]:
    return (
        SponsorInvitation.objects.filter(sponsor=sponsor, accepted_at__isnull=True, cancelled_at__isnull=True)
        .annotate(is_expired=ExpressionWrapper(Q(expires_at__lte=Now()), output_field=BooleanField()))
        .order_by("-created_at")
    )


def waiting_invitation_of(sponsor: Sponsor, pk: int) -> SponsorInvitation | None:
    """One of the organisation's waiting invitations by row id (None if not, or no longer, waiting)."""
    return waiting_invitations_of(sponsor).filter(pk=pk).first()


def leads_for_staff(status: str = "") -> QuerySet[SponsorLead]:
    leads = SponsorLead.objects.select_related("sponsor").defer("message").order_by("-created_at", "-pk")
    if status:
        leads = leads.filter(status=status)
    return leads


def lead_for_staff(public_id) -> SponsorLead | None:
    return SponsorLead.objects.select_related("sponsor").filter(public_id=public_id).first()
