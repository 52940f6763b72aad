"""An interview as an iCalendar (.ics) file, with neutral words: calendars are often
shared or synced, so nothing in it says what the program is or who the applicant is.

Rules chosen here: the file is one calendar entry (applications.models.InterviewCalendar):
its UID stays the same while the interview moves, SEQUENCE says which change it is, and a
cancelled interview is METHOD:CANCEL with STATUS:CANCELLED, so a calendar that imports it
removes the entry it has. Staff get the same entry with a link to the application's page.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import InterviewCalendar

STAMP = "%Y%m%dT%H%M%SZ"


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def interview_ics(entry: InterviewCalendar, *, location: str = "", link: str = "") -> str:
    starts = entry.starts_at.astimezone(datetime.UTC)
    ends = starts + datetime.timedelta(minutes=entry.duration_minutes)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CPSE Manager//EN",
        "METHOD:CANCEL" if entry.cancelled else "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}@cpse",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTAMP:{timezone.now().astimezone(datetime.UTC):{STAMP}}",
        f"DTSTART:{starts:{STAMP}}",
        f"DTEND:{ends:{STAMP}}",
        "SUMMARY:" + _text(_("Conversation with the program team")),
        "STATUS:CANCELLED" if entry.cancelled else "STATUS:CONFIRMED",
    ]
    if location and not entry.cancelled:
        lines.append("LOCATION:" + _text(location))
    if link:
        lines.append("URL:" + link)
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def ics_response(text: str) -> HttpResponse:
    """The file as a download with a neutral name (never attached to an email)."""
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return response
