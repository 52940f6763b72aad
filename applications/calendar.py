"""An interview as an iCalendar (.ics) file, with neutral words: calendars are often
shared or synced, so nothing in it says what the program is or who the applicant is.

Rules chosen here: the file is one calendar entry (applications.models.InterviewCalendar):
its UID stays the same while the interview moves, SEQUENCE says which change it is, and a
cancelled interview is METHOD:CANCEL with STATUS:CANCELLED, so a calendar that imports it
removes the entry it has. Staff get the same entry with a link to the application's page.
"""

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _

from applications.models import InterviewCalendar
from cpse.ical import Event, calendar_text


def interview_event(entry: InterviewCalendar, *, location: str = "", link: str = "") -> Event:
    """The interview as one calendar event (also in the person's feed, dashboard.calendar)."""
    return Event(
        uid=f"{entry.uid}@cpse",
        sequence=entry.sequence,
        summary=_("Conversation with the program team"),
        start=entry.starts_at,
        end=entry.starts_at + datetime.timedelta(minutes=entry.duration_minutes),
        location=location,
        url=link,
        cancelled=entry.cancelled,
    )


def interview_ics(entry: InterviewCalendar, *, location: str = "", link: str = "") -> str:
    method = "CANCEL" if entry.cancelled else "PUBLISH"
    return calendar_text([interview_event(entry, location=location, link=link)], method=method)


def ics_response(text: str) -> HttpResponse:
    """The file as a download with a neutral name (never attached to an email)."""
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return response
