"""A person's private calendar feed: making its secret address, and making a new one.

Rules chosen here: a person has one feed address at a time; only the hash of its token
is stored (accounts.invitations.token_hash), so the full address can be shown only at the
moment it is made. Making a new one replaces the hash, and the old address answers 404.
"""

from django.db import transaction
from django.utils import timezone

from accounts.invitations.services import token_new
from accounts.models import CalendarFeed


def calendar_feed_reset(*, user) -> str:
    """A new token for the person's feed (returned once, never stored); any old one stops working."""
    token, hashed = token_new()
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            CalendarFeed.objects.create(user=user, token_hash=hashed)
        else:
            feed.token_hash, feed.created_at = hashed, timezone.now()
            feed.save(update_fields=["token_hash", "created_at"])
    return token
