"""Reads for a supervisor's list of what waits for them: practicum hours to confirm and
supervision contracts to agree, gathered by the mailbox their emails go to (the
confirmers' `email_key`), for the list page and the daily email's counts.

Something waits while its supervisor may still answer it by link: practicum hours asked
and not answered, within the request's days (`SupervisorConfirmation.expires_at`); a
contract the participant agreed and the supervisor has not, within its window
(`supervisor_token_expires_at`). Lists never load reflections or staff comments."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet

from checkins.models import SupervisionContract, SupervisorListLink
from cpse.notify.models import Notification
from requirements_tracking.models import SupervisorConfirmation

C = SupervisorConfirmation.Status


def hours_waiting(now: datetime.datetime) -> QuerySet[SupervisorConfirmation]:
    return SupervisorConfirmation.objects.filter(status=C.PENDING, expires_at__gt=now).exclude(
        practicum__supervisor_email_key=""
    )


def contracts_waiting(now: datetime.datetime) -> QuerySet[SupervisionContract]:
    return SupervisionContract.objects.filter(
        replaced_at__isnull=True,
        participant_agreed_at__isnull=False,
        supervisor_agreed_at__isnull=True,
        supervisor_token_expires_at__gt=now,
    ).exclude(supervisor_email_key="")


def hours_for_mailbox(email_key: str, now: datetime.datetime) -> QuerySet[SupervisorConfirmation]:
    """The practicum hours waiting for this mailbox, the longest waiting first."""
    return (
        hours_waiting(now)
        .filter(practicum__supervisor_email_key=email_key)
        .select_related("practicum", "entry__participant__user")
        .defer("entry__reflection", "entry__staff_comment")
        .order_by("created_at", "pk")
    )


def contracts_for_mailbox(email_key: str, now: datetime.datetime) -> QuerySet[SupervisionContract]:
    """The contracts waiting for this mailbox, the longest waiting first (at most two per
    participant they supervise: one per setting)."""
    return (
        contracts_waiting(now)
        .filter(supervisor_email_key=email_key)
        .select_related("participant__user")
        .order_by("participant_agreed_at", "pk")
    )


def confirmation_for_mailbox(*, email_key: str, public_id) -> SupervisorConfirmation | None:
    """The latest request about one entry (by its public id) to this mailbox: another
    mailbox's is None (404); an answered one is found, and the service says so."""
    return (
        SupervisorConfirmation.objects.filter(practicum__supervisor_email_key=email_key, entry__public_id=public_id)
        .select_related("practicum", "entry__participant__user")
        .defer("entry__reflection", "entry__staff_comment")
        .order_by("-pk")
        .first()
    )


def contract_for_mailbox(*, email_key: str, public_id) -> SupervisionContract | None:
    """A contract naming this mailbox's supervisor (another mailbox's: None, a 404)."""
    return (
        SupervisionContract.objects.filter(supervisor_email_key=email_key, public_id=public_id)
        .select_related("participant__user")
        .first()
    )


def list_link_for_token_hash(token_hash: str) -> SupervisorListLink | None:
    return SupervisorListLink.objects.filter(token_hash=token_hash).first()


@dataclass
class Mailbox:
    """What waits for one supervisor's mailbox, for their daily email."""

    email_key: str
    email: str = ""
    hours: int = 0
    contracts: int = 0
    # When the supervisor was asked for the oldest item asked since `since` (None: none).
    oldest_recent: datetime.datetime | None = None
    has_account: bool = False

    def add(self, *, email, recent, account) -> None:
        self.email = self.email or email
        self.oldest_recent = min(filter(None, (self.oldest_recent, recent)), default=None)
        self.has_account = self.has_account or account is not None


def mailboxes_waiting(
    *, now: datetime.datetime, since: datetime.datetime, email_key: str | None = None
) -> dict[str, Mailbox]:
    """Every mailbox something waits for (or just `email_key`'s), with counts: two queries,
    however many supervisors. A practicum request counts from when it was made; a
    contract from when the participant agreed to it."""
    hours, contracts = hours_waiting(now), contracts_waiting(now)
    if email_key is not None:
        hours = hours.filter(practicum__supervisor_email_key=email_key)
        contracts = contracts.filter(supervisor_email_key=email_key)
    mailboxes: dict[str, Mailbox] = {}
    for row in hours.values("practicum__supervisor_email_key").annotate(
        count=Count("pk"),
        email=Max("practicum__supervisor_email"),
        recent=Min("created_at", filter=Q(created_at__gte=since)),
        account=Max("practicum__supervisor_user_id"),
    ):
        key = row["practicum__supervisor_email_key"]
        mailbox = mailboxes.setdefault(key, Mailbox(key))
        mailbox.hours = row["count"]
        mailbox.add(email=row["email"], recent=row["recent"], account=row["account"])
    for row in contracts.values("supervisor_email_key").annotate(
        count=Count("pk"),
        email=Max("supervisor_email"),
        recent=Min("participant_agreed_at", filter=Q(participant_agreed_at__gte=since)),
        account=Max("supervisor_user_id"),
    ):
        mailbox = mailboxes.setdefault(row["supervisor_email_key"], Mailbox(row["supervisor_email_key"]))
        mailbox.contracts = row["count"]
        mailbox.add(email=row["email"], recent=row["recent"], account=row["account"])
    return mailboxes


def lists_sent(*, kind: str, key_prefix: str, since: datetime.datetime) -> dict[str, datetime.datetime]:
    """When each mailbox was last emailed its list since `since`, by the mailbox part of
    the message key (`<key_prefix><mailbox>:...`): one query."""
    latest: dict[str, datetime.datetime] = {}
    rows = Notification.objects.filter(kind=kind, key__startswith=key_prefix, created_at__gte=since)
    for key, created_at in rows.values_list("key", "created_at"):
        mailbox = key.removeprefix(key_prefix).split(":", 1)[0]
        latest[mailbox] = max(created_at, latest.get(mailbox, created_at))
    return latest
