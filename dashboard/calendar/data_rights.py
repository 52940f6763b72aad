"""What the calendar feed holds about a person: that she made a private calendar address,
and when (never the address: only a hash of its token is kept). Erasing removes it, and
the address stops working."""

from accounts.models import CalendarFeed
from cpse import data_rights


def export(user) -> list[dict]:
    return [{"calendar_address_made": feed.created_at} for feed in CalendarFeed.objects.filter(user=user)]


def erase(user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(name="calendar_feed", models=(CalendarFeed,), export=export, erase=erase)
    )
