from django.db.models import QuerySet

from sponsors.models import SponsorMember


def memberships_for_user(user) -> QuerySet[SponsorMember]:
    return SponsorMember.objects.filter(user=user).select_related("sponsor").order_by("sponsor__name")
