"""Calendar rules every app shares.

Rules chosen here:
- A month later is the same day of the month, or the month's last day when it is shorter
  (31 January + 1 month = 28 or 29 February). Every date computed in months (grid
  expectations, check-in schedules, certificate expiry, reports) goes through `add_months`.
- A moment shown to a person says its time zone (the site's), so an interview or an exam
  window is never read in the wrong hour: `moment_with_zone`, or `time_with_zone` when
  the day is said beside it. Every page says it the same way ("(America/New York time)"),
  and dates the one way (DATE_FORMAT, in the reader's language).
- A day, as a range of moments, runs from the site's midnight to the next (`day_start`,
  `day_span`): 23 or 25 hours on the days the clocks change.
"""

import calendar
import datetime
import functools
import re

from django.utils import timezone
from django.utils.formats import date_format, get_format, time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months (negative: back), the day clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def day_start(day: datetime.date) -> datetime.datetime:
    """The moment `day` begins, in the current time zone (the site's)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_span(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments `day` begins and the next day begins (compare `start <= moment < end`)."""
    return day_start(day), day_start(day + datetime.timedelta(days=1))


def moment_with_zone(moment: datetime.datetime) -> str:
    """A date and time in the site's time zone, with the zone's name ("Jan. 12, 2027,
    10 a.m. (America/New York time)")."""
    local, language, zone = timezone.localtime(moment), get_language(), timezone.get_current_timezone_name()
    if _to_the_minute(language):
        local = local.replace(second=0, microsecond=0)
    return _moment_in_words(local, language, zone)


# Django's date formatting costs a fraction of a millisecond per moment, and a page of
# history or of messages shows a hundred; moments of the same minute (a batch of messages,
# a row added with its fields) read the same when the format stops at the minute, as
# every language's DATETIME_FORMAT does: the words are kept per minute, language and zone.
_BELOW_THE_MINUTE = re.compile(r"(?<!\\)[suvUcr]")  # seconds, fractions, or a format with them


@functools.lru_cache(maxsize=16)
def _to_the_minute(language: str) -> bool:
    """Whether the language's DATETIME_FORMAT shows nothing finer than the minute."""
    return not _BELOW_THE_MINUTE.search(get_format("DATETIME_FORMAT", language))


@functools.lru_cache(maxsize=4096)
def _moment_in_words(local: datetime.datetime, language: str, zone: str) -> str:
    """`moment_with_zone` of a local moment (`language` and `zone` are the active ones;
    they are in the arguments to key the cache, an aware moment comparing by its instant)."""
    return _with_zone(date_format(local, "DATETIME_FORMAT"))


def time_with_zone(moment: datetime.datetime) -> str:
    """The time of day only, the same way ("10 a.m. (America/New York time)")."""
    return _with_zone(time_format(timezone.localtime(moment), "TIME_FORMAT"))


def _with_zone(when: str) -> str:
    zone = timezone.get_current_timezone_name().replace("_", " ")
    return _("%(when)s (%(zone)s time)") % {"when": when, "zone": zone}
