"""Small-cell suppression for figures shown to funders and staff (SECURITY.md, Data):
a count of 1 to 4 people could point at someone, so it is never shown as a number.
Zero says nobody and is safe to show."""

from django.utils.translation import gettext

# A group (or a count within one) smaller than this is never shown as a number.
SMALL_GROUP = 5


def is_small(count: int, threshold: int = SMALL_GROUP) -> bool:
    return 0 < count < threshold


def fewer_than(threshold: int = SMALL_GROUP) -> str:
    """What is shown instead of a small count."""
    return gettext("fewer than %(number)s") % {"number": threshold}
