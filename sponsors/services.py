from cpse.audit.services import redact_change_history
from sponsors.models import SponsorMember


def export_memberships(user) -> list[dict]:
    return [
        {"organisation": m.sponsor.name, "joined": m.joined_at}
        for m in SponsorMember.objects.filter(user=user).select_related("sponsor")
    ]


def erase_memberships(user) -> None:
    memberships = SponsorMember.objects.filter(user=user)
    redact_change_history(SponsorMember, memberships.values_list("pk", flat=True))
    memberships.delete()
