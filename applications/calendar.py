"""An interview as an iCalendar (.ics) file, with neutral words: calendars are often
shared or synced, so nothing in it says what the program is."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import InterviewSlot

STAMP = "%Y%m%dT%H%M%SZ"


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def interview_ics(slot: InterviewSlot) -> str:
    starts = slot.starts_at.astimezone(datetime.UTC)
    ends = starts + datetime.timedelta(minutes=slot.duration_minutes)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CPSE Manager//EN",
        "BEGIN:VEVENT",
        f"UID:{slot.public_id}@cpse",
        f"DTSTAMP:{timezone.now().astimezone(datetime.UTC):{STAMP}}",
        f"DTSTART:{starts:{STAMP}}",
        f"DTEND:{ends:{STAMP}}",
        "SUMMARY:" + _text(_("Conversation with the program team")),
        "LOCATION:" + _text(slot.location),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
