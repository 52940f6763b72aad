"""A supervisor's day: one email that says how many practicum hour entries and
supervision contracts wait for their answer, with one private link to a page listing
them all, instead of one email per entry (issue #21).

Rules chosen here:
- A supervisor is a mailbox: the confirmers' `email_key` of the address a participant
  named (lower case, without a "+tag"), so the practicum and supervision contracts of
  several participants come together, whoever typed the address and how.
- The email says only how many of each wait, never a name, a date or hours: the page
  behind its link shows them. Its key is per mailbox and day
  (`supervisor-list:<mailbox>:<date>`, the mailbox as a short hash: no address in keys),
  so it goes at most once a day, whoever runs the schedule and how often.
- Not every day: it goes on day 0, 3 and 7 of the oldest item waiting (days counted in
  the program's time zone from when the supervisor was asked: practicum hours when they
  were logged or changed, a contract when the participant agreed to it), from
  HOURS_DIGEST_HOUR local time, so nobody is emailed at night. Items asked meanwhile
  come in the next of those emails; the page always lists everything waiting. A step
  the schedule missed (it did not run that day) goes the next day it runs, once.
- After an item's seventh day its reminders are over: program staff see it first on the
  practicum list (longest waiting) and can send a new link. The days then count from
  the oldest item asked in the last seven days, so hours asked later are still told.
- A new link that someone asked for (program staff for practicum hours, the participant
  or staff for a contract) emails the list at once, whatever the day: they asked.
- The link works for LINK_DAYS, for every answer on the page (not once), and only until
  the next email's link replaces it: one link per mailbox, of which only a hash is
  stored. A made-up, replaced or expired link gets one calm answer that never says
  whether anything waits.
- Answers go through the practicum's and supervision's own services, with their rules
  (who may vouch, answered once, a comment when declining).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.confirmers.rules import email_key
from checkins.models import SupervisorListLink
from checkins.supervisor_digest import selectors
from cpse.dates import day_start
from cpse.errors import DomainError
from cpse.notify.models import Notification
from cpse.notify.services import Message, notification_queue, notification_queue_many

KIND = "supervisor_digest"
KEY_PREFIX = "supervisor-list:"
LINK_DAYS = 30
# The days (after the oldest waiting item was asked) the email goes on.
REMINDER_DAYS = (0, 3, 7)


class SupervisorListError(DomainError):
    code = "supervisor_list_error"


class LinkError(SupervisorListError):
    code = "invalid_link"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mailbox_ref(key: str) -> str:
    """The mailbox in message keys: a short hash, so no address is written in a key."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def step_started(asked_at: datetime.datetime, today: datetime.date) -> datetime.datetime | None:
    """When the latest reminder step an item asked at `asked_at` has reached began: the
    moment it was asked (day 0), or the start of its day 3 or day 7; None after day 7."""
    asked_on = timezone.localdate(asked_at)
    days = (today - asked_on).days
    if days < 0 or days > REMINDER_DAYS[-1]:
        return None
    step = max(day for day in REMINDER_DAYS if day <= days)
    return asked_at if step == 0 else day_start(asked_on + datetime.timedelta(days=step))


def list_due(*, oldest_recent: datetime.datetime | None, last_sent: datetime.datetime | None, today) -> bool:
    """Is today's email due: a step of the oldest recent item begun since the last email?"""
    started = step_started(oldest_recent, today) if oldest_recent else None
    if started is None:
        return False
    return last_sent is None or (last_sent < started and last_sent < day_start(today))


def _links_create(keys: list[str], now: datetime.datetime) -> dict[str, tuple[str, datetime.datetime]]:
    """A fresh link per mailbox, replacing its earlier one (two queries however many)."""
    expires = now + datetime.timedelta(days=LINK_DAYS)
    tokens = {key: secrets.token_urlsafe(32) for key in keys}
    SupervisorListLink.objects.filter(email_key__in=keys).delete()
    SupervisorListLink.objects.bulk_create(
        SupervisorListLink(email_key=key, token_hash=_hash(token), created_at=now, expires_at=expires)
        for key, token in tokens.items()
    )
    return {key: (token, expires) for key, token in tokens.items()}


def _context(mailbox: selectors.Mailbox, token: str, expires: datetime.datetime) -> dict:
    return {
        "hours": mailbox.hours,
        "contracts": mailbox.contracts,
        "path": reverse("supervisor_digest:link", args=[token]),
        "expires": expires,
        "account_path": reverse("supervisor_digest:mine") if mailbox.has_account else "",
    }


def supervisor_lists_send(now: datetime.datetime) -> int:
    """The daily email to each supervisor it is due for (`list_due`); returns how many
    were queued. A fixed number of queries however many supervisors."""
    local = timezone.localtime(now)
    if local.hour < settings.HOURS_DIGEST_HOUR:
        return 0
    today = local.date()
    since = day_start(today - datetime.timedelta(days=REMINDER_DAYS[-1]))
    sent = selectors.lists_sent(kind=KIND, key_prefix=KEY_PREFIX, since=since)
    due = [
        mailbox
        for mailbox in selectors.mailboxes_waiting(now=now, since=since).values()
        if list_due(
            oldest_recent=mailbox.oldest_recent, last_sent=sent.get(mailbox_ref(mailbox.email_key)), today=today
        )
    ]
    if not due:
        return 0
    links = _links_create([mailbox.email_key for mailbox in due], now)
    return notification_queue_many(
        Message(
            kind=KIND,
            key=f"{KEY_PREFIX}{mailbox_ref(mailbox.email_key)}:{today.isoformat()}",
            to_email=mailbox.email,
            context=_context(mailbox, *links[mailbox.email_key]),
        )
        for mailbox in due
    )


def supervisor_list_send_now(*, email: str, reason: str) -> Notification | None:
    """Email the supervisor at `email` their list now, because someone asked for a new
    link (`reason` makes the message unique: one per request). None when nothing waits."""
    key = email_key(email)
    now = timezone.now()
    mailbox = selectors.mailboxes_waiting(now=now, since=now, email_key=key).get(key)
    if mailbox is None:
        return None
    with transaction.atomic():
        links = _links_create([key], now)
        return notification_queue(
            kind=KIND,
            key=f"{KEY_PREFIX}{mailbox_ref(key)}:now:{reason}",
            to_email=email,
            context=_context(mailbox, *links[key]),
            one_time_link=True,
        )


def list_link_for_token(token: str) -> SupervisorListLink:
    """The mailbox a list link stands for, while it works; else one calm refusal."""
    link = selectors.list_link_for_token_hash(_hash(token)) if token else None
    if link is None or link.expires_at <= timezone.now():
        raise LinkError(
            _(
                "This link is not available any more. The most recent email has a link that works, "
                "or please write to the program team for a new one."
            )
        )
    return link
