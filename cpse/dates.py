"""Calendar rules every app shares.

Rules chosen here:
- A month later is the same day of the month, or the month's last day when it is shorter
  (31 January + 1 month = 28 or 29 February). Every date computed in months (grid
  expectations, check-in schedules, certificate expiry, reports) goes through `add_months`.
"""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months (negative: back), the day clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
