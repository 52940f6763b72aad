"""iCalendar (RFC 5545) text, the one writer for every calendar the program hands out: a
single interview's .ics download (applications.calendar) and each person's private feed
(dashboard.calendar).

Rules chosen here: times are written in UTC ("Z"), whole days as DATE values (an all-day
event ends the day after its last day, as RFC 5545 counts); text is escaped and lines are
folded at 75 octets; every event carries UID, DTSTAMP and DTSTART. What an event says is
the caller's choice: words that tell nothing to someone glancing at a shared calendar.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

STAMP = "%Y%m%dT%H%M%SZ"
DAY = "%Y%m%d"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    # A datetime for an event at a time, a date for a whole-day event.
    start: datetime.datetime | datetime.date
    # For a timed event, its end; for a whole-day event, its last day (inclusive).
    end: datetime.datetime | datetime.date | None = None
    location: str = ""
    url: str = ""
    sequence: int | None = None
    cancelled: bool = False


def text(value: str) -> str:
    """A TEXT value with RFC 5545's escapes."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets go on as continuation lines starting with a space,
    never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts, start, limit = [], 0, LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, LINE_OCTETS - 1
    return "\r\n ".join(parts)


def _when(name: str, value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{value.astimezone(datetime.UTC):{STAMP}}"
    return f"{name};VALUE=DATE:{value:{DAY}}"


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}"]
    if event.sequence is not None:
        lines.append(f"SEQUENCE:{event.sequence}")
    lines += [f"DTSTAMP:{stamp}", _when("DTSTART", event.start)]
    if isinstance(event.start, datetime.datetime):
        if event.end is not None:
            lines.append(_when("DTEND", event.end))
    else:
        last_day = event.end or event.start
        lines.append(_when("DTEND", last_day + datetime.timedelta(days=1)))
    lines.append("SUMMARY:" + text(event.summary))
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    if event.location and not event.cancelled:
        lines.append("LOCATION:" + text(event.location))
    if event.url:
        lines.append("URL:" + event.url)
    lines.append("END:VEVENT")
    return lines


def calendar_text(events: Iterable[Event], *, name: str = "", method: str = "PUBLISH") -> str:
    """A VCALENDAR holding `events`; `name` (optional) is what calendar apps show for a
    subscribed calendar."""
    stamp = f"{timezone.now().astimezone(datetime.UTC):{STAMP}}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CPSE Manager//EN", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    if name:
        lines.append("X-WR-CALNAME:" + text(name))
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
