"""Print the awkward moments the suite is run at again (one ISO date and time a line, in
the site's time zone), for CPSE_TEST_CLOCK. Each is the next one after today, so a
browser's real clock never sees a session cookie that expired before it was set:

- the next 31 January at 21:00 (the UTC date is already 1 February);
- the next 29 February at 01:30 (a leap day, in the early hours);
- the next 31 December at 23:30 (the UTC date is already next year's);
- the next day the clocks change for daylight saving, at 01:30.

Usage: python scripts/awkward_clocks.py [TIME_ZONE]  (default: the site's America/New_York)
"""

import calendar
import datetime
import sys
import zoneinfo


def next_date(today: datetime.date, month: int, day: int) -> datetime.date:
    year = today.year
    while True:
        if month != 2 or day != 29 or calendar.isleap(year):
            candidate = datetime.date(year, month, day)
            if candidate > today:
                return candidate
        year += 1


def next_clock_change(today: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.date | None:
    for offset in range(1, 400):
        day = today + datetime.timedelta(days=offset)
        start = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone)
        end = datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=zone)
        if start.utcoffset() != end.utcoffset():
            return day
    return None  # a zone without daylight saving


def awkward_moments(today: datetime.date, zone: zoneinfo.ZoneInfo) -> list[datetime.datetime]:
    moments = [
        datetime.datetime.combine(next_date(today, 1, 31), datetime.time(21)),
        datetime.datetime.combine(next_date(today, 2, 29), datetime.time(1, 30)),
        datetime.datetime.combine(next_date(today, 12, 31), datetime.time(23, 30)),
    ]
    change = next_clock_change(today, zone)
    if change is not None:
        moments.append(datetime.datetime.combine(change, datetime.time(1, 30)))
    return moments


if __name__ == "__main__":
    zone = zoneinfo.ZoneInfo(sys.argv[1] if len(sys.argv) > 1 else "America/New_York")
    for moment in awkward_moments(datetime.datetime.now(zone).date(), zone):
        print(moment.isoformat(timespec="minutes"))
