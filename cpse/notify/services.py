"""The outbox: every message to a person is first a row, then a Celery task delivers it.

An email, broker or worker failure delays a message; it never loses one or sends one
twice (SECURITY.md, Reliability).
"""

import contextvars
import itertools
import logging
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cpse import data_rights
from cpse.errors import DomainError
from cpse.notify.models import Notification

logger = logging.getLogger(__name__)


# Kinds whose body carries a link that works once or expires: staff never see their body
# and cannot resend them (their own pages have a "send a new link" action). Apps with such
# messages pass `one_time_link=True` to `notification_queue`; these are marked either way.
ONE_TIME_LINK_KINDS = frozenset({"recommendation_request", "practicum_confirm_request", "supervisor_digest"})

# Set while a registered reminder runs (cpse.notify.reminders): what it queues is a
# reminder, which a person may have gathered into a weekly summary.
_category = contextvars.ContextVar("notification_category", default=None)


def reminder_context():
    """`with reminder_context(): ...` marks the messages queued inside as reminders."""
    return _CategoryContext(Notification.Category.REMINDER)


class _CategoryContext:
    def __init__(self, category: str):
        self.category = category

    def __enter__(self):
        self.token = _category.set(self.category)

    def __exit__(self, *exc):
        _category.reset(self.token)
        return False


def _enqueue(notification_id) -> None:
    from cpse.notify import tasks

    try:
        tasks.deliver.delay(str(notification_id))
    except Exception as exc:  # the broker is down: beat's sweep delivers it later
        logger.warning(
            "notification %s not queued (%s); the sweep will deliver it", notification_id, type(exc).__name__
        )


def notification_queue(
    *,
    kind: str,
    key: str,
    recipient=None,
    to_email: str = "",
    context: dict | None = None,
    deliver_at: datetime | None = None,
    one_time_link: bool = False,
    language: str = "",
) -> Notification:
    """Write a message for `recipient` (or `to_email`) once per `key` and queue it on commit.

    The text comes from templates/notify/<kind>.subject.txt and .body.txt, rendered now in
    the person's language. Calling again with the same key returns the first row.
    """
    language, subject, body = _render(kind=kind, recipient=recipient, context=context, language=language)
    return _store(
        kind=kind,
        key=key,
        recipient=recipient,
        to_email=to_email,
        language=language,
        subject=subject,
        body=body,
        deliver_at=deliver_at,
        category=_category.get() or Notification.Category.MESSAGE,
        one_time_link=one_time_link or kind in ONE_TIME_LINK_KINDS,
    )


def _render(*, kind: str, recipient, context: dict | None, language: str = "") -> tuple[str, str, str]:
    """Subject and body in the person's language (`language` for people without an account)."""
    language = (recipient.preferred_language if recipient else language) or settings.LANGUAGE_CODE
    context = {
        "site_url": settings.SITE_URL,
        "program_name": settings.PROGRAM_NAME,
        "PROGRAM_CONTACT_NAME": settings.PROGRAM_CONTACT_NAME,
        "PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL,
        **(context or {}),
    }
    with translation.override(language):
        subject = render_to_string(f"notify/{kind}.subject.txt", context).strip()
        body = render_to_string(f"notify/{kind}.body.txt", context).strip() + "\n"
    return language, subject, body


@dataclass
class Message:
    """One message for `notification_queue_many` (the same arguments as `notification_queue`)."""

    kind: str
    key: str
    recipient: object = None
    to_email: str = ""
    context: dict = field(default_factory=dict)
    language: str = ""  # for people without an account; a person's own language wins
    # Instead of `recipient`, for sweeps that read plain values (no User objects): the
    # person's id, with their preferred language in `language`.
    recipient_id: int | None = None

    def __post_init__(self):
        if self.recipient is not None:
            self.recipient_id = self.recipient.pk
            self.language = self.recipient.preferred_language


def without_message(queryset, *key_parts):
    """`queryset` less the rows whose message was queued already: the key is built in SQL
    from `key_parts` (literal strings, or F() expressions cast to text) and looked up in the
    outbox's unique index, so a repeat run reads no rows instead of every person's key.
    The key is also annotated as `message_key`; the rows come in no particular order."""
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    parts = [Value(part) if isinstance(part, str) else Cast(part, CharField()) for part in key_parts]
    prefix = "".join(itertools.takewhile(lambda part: isinstance(part, str), key_parts))
    return (
        queryset.annotate(message_key=Concat(*parts, output_field=CharField()))
        .exclude(Exists(messages_keyed(prefix).filter(key=OuterRef("message_key"))))
        .order_by()  # a sweep queues every row it gets: no sort for it
    )


def person_language(user_id: str):
    """The preferred language of the person whose id is in `user_id`, as a subquery read
    for each row a sweep returns, rather than a join that reads every person first: a
    repeat run, which returns no row, then reads no one."""
    from django.contrib.auth import get_user_model
    from django.db.models import OuterRef, Subquery

    return Subquery(get_user_model().objects.filter(pk=OuterRef(user_id)).values("preferred_language")[:1])


def messages_keyed(prefix: str):
    """The outbox's rows whose key starts with `prefix`: for an "already queued?" check by
    key in SQL, add the key's equality. The prefix is implied by that equality, so it
    changes no answer; it lets PostgreSQL read only these keys' rows (through the key's
    LIKE index) instead of the whole outbox."""
    return Notification.objects.filter(key__startswith=prefix) if prefix else Notification.objects.all()


# Context values whose equality means the same text (a model instance may not: not cached).
_PLAIN = (str, int, float, bool, type(None), date, datetime, Decimal)


def notification_queue_many(messages: Iterable[Message]) -> int:
    """Queue many messages with a fixed number of queries, for reminders that sweep the
    whole program: one read of the keys already there, one insert of the new rows (a row
    another worker wrote meanwhile is skipped by the key's unique constraint), one read of
    which rows this call added. Returns how many it added; beat's sweep (queued once on
    commit) delivers them. Templates are rendered only for keys not seen before."""
    messages = {message.key: message for message in messages}
    if not messages:
        return 0
    existing = set(Notification.objects.filter(key__in=list(messages)).values_list("key", flat=True))
    category = _category.get() or Notification.Category.MESSAGE
    now = timezone.now()
    rows = []
    # Reminders of one kind mostly say the same words: render each text once per language.
    rendered: dict[tuple, tuple[str, str, str]] = {}
    for message in messages.values():
        if message.key in existing:
            continue
        if message.recipient_id is None and not message.to_email:
            raise ValueError("A notification needs a recipient or an email address")
        wanted = message.language or settings.LANGUAGE_CODE
        plain = all(isinstance(v, _PLAIN) for v in message.context.values())
        text_key = (message.kind, wanted, tuple(sorted(message.context.items()))) if plain else None
        if text_key is None or text_key not in rendered:
            text = _render(kind=message.kind, recipient=None, context=message.context, language=wanted)
            if text_key is not None:
                rendered[text_key] = text
        else:
            text = rendered[text_key]
        language, subject, body = text
        rows.append(
            Notification(
                recipient_id=message.recipient_id,
                to_email="" if message.recipient_id else message.to_email,
                kind=message.kind,
                key=message.key,
                language=language,
                subject=subject[:200],
                body=body,
                category=category,
                one_time_link=message.kind in ONE_TIME_LINK_KINDS,
                created_at=now,
                next_attempt_at=now,
            )
        )
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    # Ids are made here (uuid4), so the rows found with them are the ones this call wrote.
    added = Notification.objects.filter(pk__in=[row.pk for row in rows]).count()
    if added:
        transaction.on_commit(_enqueue_sweep)
    return added


def _enqueue_sweep() -> None:
    from cpse.notify import tasks

    try:
        tasks.sweep.delay()
    except Exception as exc:  # the broker is down: beat's own sweep comes within a minute
        logger.warning("sweep not queued (%s); beat's sweep will deliver", type(exc).__name__)


def notification_queue_rendered(
    *,
    kind: str,
    key: str,
    recipient,
    to_email: str,
    subject: str,
    body: str,
    link_expires_at: datetime | None = None,
) -> Notification:
    """Queue a message whose text was rendered elsewhere (allauth's account emails).
    `link_expires_at`: when the link it carries stops working, if it carries one."""
    language = (
        (recipient.preferred_language if recipient else "") or translation.get_language() or settings.LANGUAGE_CODE
    )
    return _store(
        kind=kind,
        key=key,
        recipient=recipient,
        to_email=to_email,
        language=language,
        subject=subject,
        body=body,
        deliver_at=None,
        # Asked for just now by the person (a confirmation or reset link): never held back.
        category=Notification.Category.ACCOUNT,
        one_time_link=True,
        link_expires_at=link_expires_at,
    )


def _store(
    *,
    kind,
    key,
    recipient,
    to_email,
    language,
    subject,
    body,
    deliver_at,
    category,
    one_time_link,
    link_expires_at=None,
) -> Notification:
    if recipient is None and not to_email:
        raise ValueError("A notification needs a recipient or an email address")
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                key=key,
                defaults={
                    "recipient": recipient,
                    "to_email": "" if recipient else to_email,
                    "kind": kind,
                    "language": language,
                    "subject": subject[:200],
                    "body": body,
                    "next_attempt_at": deliver_at or timezone.now(),
                    "category": category,
                    "one_time_link": one_time_link,
                    "link_expires_at": link_expires_at,
                },
            )
    except IntegrityError:  # another process wrote the same key a moment ago
        notification, created = Notification.objects.get(key=key), False
    # Callers that sweep (reminders) count what this call added.
    notification.created_now = created
    if created and notification.next_attempt_at <= timezone.now():
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _retry_delay(attempts: int) -> timedelta:
    base = settings.NOTIFY_RETRY_BASE_SECONDS * (2 ** min(attempts - 1, 8))
    return timedelta(seconds=base + random.uniform(0, base / 2))


def notification_deliver(*, notification_id, now: datetime | None = None) -> bool:
    """Send one due message. Returns True when this call emailed it.

    The claim is a conditional update, so two workers (or a task and the sweep) racing
    for the same row send it once. Whether, when and how a message goes is decided here
    only (`_plan`): a person's quiet hours and weekly summary make it wait; "only show
    messages when I sign in" keeps it on their Messages page instead of emailing it.
    """
    now = now or timezone.now()
    due = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now)
        .first()
    )
    if due is None:
        return False
    if _in_summary(due):
        return _deliver_summary(due, now)
    claim = uuid.uuid4()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.SENDING, claimed_at=now, claim=claim, attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    plan, until = _plan(notification, now)
    if plan == CANCEL:
        Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.CANCELLED)
        return False
    if plan == WAIT:
        _wait(notification, until, claim=claim)
        return False
    if plan == IN_APP:
        Notification.objects.filter(pk=notification.pk, claim=claim).update(
            status=Notification.Status.IN_APP, sent_at=now, last_error=""
        )
        return False
    return _send([notification], claim=claim, now=now, subject=notification.subject, body=notification.body)


def _wait(notification: Notification, until: datetime, *, claim=None) -> None:
    """Not an attempt: the message waits for the person's time, then goes as usual."""
    if claim is None:
        Notification.objects.filter(pk=notification.pk, status=Notification.Status.PENDING).update(
            next_attempt_at=until
        )
    else:
        Notification.objects.filter(pk=notification.pk, claim=claim).update(
            status=Notification.Status.PENDING, next_attempt_at=until, attempts=F("attempts") - 1, claim=None
        )


def _send(batch: list[Notification], *, claim, now: datetime, subject: str, body: str) -> bool:
    first = batch[0]
    ids = [n.pk for n in batch]
    try:
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[first.address]).send()
    except Exception as exc:
        attempts = max(n.attempts for n in batch)
        gave_up = attempts >= settings.NOTIFY_MAX_ATTEMPTS
        Notification.objects.filter(pk__in=ids, claim=claim).update(
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
            next_attempt_at=now + _retry_delay(attempts),
            last_error=type(exc).__name__,
            claim=None,
        )
        logger.warning("notification %s not sent (attempt %s): %s", first.pk, attempts, type(exc).__name__)
        return False
    Notification.objects.filter(pk__in=ids, claim=claim).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error="", claim=None
    )
    return True


WAIT, IN_APP, EMAIL, CANCEL = "wait", "in_app", "email", "cancel"


def _plan(notification: Notification, now: datetime) -> tuple[str, datetime | None]:
    """How a claimed message goes now: (EMAIL | IN_APP | CANCEL, None) or (WAIT, until)."""
    if not notification.address:
        return CANCEL, None
    person = notification.recipient
    if person is None:  # no account (a recommender, a supervisor): no preferences to honour
        return EMAIL, None
    if not person.is_active:
        return CANCEL, None
    if notification.category == Notification.Category.ACCOUNT:
        # The person asked for it a moment ago (a reset link): holding it would lock them out.
        return EMAIL, None
    if person.safe_contact == person.SafeContact.NONE:
        return IN_APP, None
    quiet_end = quiet_hours_end(person, now)
    if quiet_end is not None:
        return WAIT, quiet_end
    return EMAIL, None


def _in_summary(notification: Notification) -> bool:
    person = notification.recipient
    return (
        person is not None
        and person.is_active
        and notification.category == Notification.Category.REMINDER
        and person.email_frequency == person.EmailFrequency.WEEKLY
        and person.safe_contact != person.SafeContact.NONE
        and bool(person.email)
    )


def _deliver_summary(due: Notification, now: datetime) -> bool:
    """A reminder for someone who chose a weekly summary: it waits for their day and hour
    (and their quiet hours), then every reminder waiting for them goes as one email. The
    claim is made holding a lock on the person's row, so two workers make one summary."""
    person = due.recipient
    summary_at = next_summary_at(person, due.created_at)
    if now < summary_at:
        _wait(due, summary_at)
        return False
    quiet_end = quiet_hours_end(person, now)
    if quiet_end is not None:
        _wait(due, quiet_end)
        return False
    claim = uuid.uuid4()
    with transaction.atomic():
        type(person).objects.select_for_update().filter(pk=person.pk).first()
        if not Notification.objects.filter(pk=due.pk, status=Notification.Status.PENDING).exists():
            return False  # another worker's summary took it (and everything waiting with it)
        Notification.objects.filter(
            recipient=person,
            category=Notification.Category.REMINDER,
            status=Notification.Status.PENDING,
            created_at__lte=now,
        ).update(status=Notification.Status.SENDING, claimed_at=now, claim=claim, attempts=F("attempts") + 1)
    batch = list(Notification.objects.select_related("recipient").filter(claim=claim).order_by("created_at"))
    if not batch:
        return False
    if len(batch) == 1:
        return _send(batch, claim=claim, now=now, subject=batch[0].subject, body=batch[0].body)
    subject, body = _summary_text(person, batch)
    return _send(batch, claim=claim, now=now, subject=subject, body=body)


def next_summary_at(person, after: datetime) -> datetime:
    """The first weekly-summary moment (the person's weekday, NOTIFY_SUMMARY_HOUR local) after `after`."""
    local = timezone.localtime(after)
    days = (person.digest_weekday - local.weekday()) % 7
    day = local.date() + timedelta(days=days)
    moment = timezone.make_aware(datetime.combine(day, time(settings.NOTIFY_SUMMARY_HOUR)))
    if moment <= after:
        moment = timezone.make_aware(datetime.combine(day + timedelta(days=7), time(settings.NOTIFY_SUMMARY_HOUR)))
    return moment


def quiet_hours_end(person, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if `now` is inside them (local time, TIME_ZONE);
    None outside them or when they chose none. Quiet hours may run past midnight."""
    start, end = person.quiet_from, person.quiet_to
    if start is None or end is None or start == end:
        return None
    local = timezone.localtime(now)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:  # for example 21:00 to 07:00
        inside = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    return timezone.make_aware(datetime.combine(end_day, end))


def _summary_text(person, batch: list[Notification]) -> tuple[str, str]:
    context = {
        "site_url": settings.SITE_URL,
        "program_name": settings.PROGRAM_NAME,
        "messages": [{"subject": n.subject, "body": n.body.strip()} for n in batch],
    }
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("notify/reminder_summary.subject.txt", context).strip()
        body = render_to_string("notify/reminder_summary.body.txt", context).strip() + "\n"
    return subject, body


def notifications_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Deliver every due message that no task delivered (broker down, worker stopped,
    mail server failing). Run by beat every minute. Returns how many were sent."""
    now = now or timezone.now()
    # A claim older than NOTIFY_STALE_CLAIM_SECONDS belongs to a worker that died mid-send.
    stale = now - timedelta(seconds=settings.NOTIFY_STALE_CLAIM_SECONDS)
    Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=stale).update(
        status=Notification.Status.PENDING
    )
    due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )
    sent = 0
    for notification_id in due.values_list("pk", flat=True)[:limit]:
        sent += notification_deliver(notification_id=notification_id, now=now)
    return sent


def notifications_replan(*, user) -> int:
    """After a person changed how they may be reached: what waits for them is due again and
    `notification_deliver` decides anew. Messages kept on their Messages page and not read
    there go by email once when email is no longer refused (read ones stay read). A message
    waiting after a mail-server failure keeps its retry time. Returns how many are due again."""
    now = timezone.now()
    due = Notification.objects.filter(recipient=user, status=Notification.Status.PENDING, last_error="").update(
        next_attempt_at=now
    )
    if user.safe_contact != user.SafeContact.NONE:
        due += Notification.objects.filter(
            recipient=user, status=Notification.Status.IN_APP, read_at__isnull=True
        ).update(status=Notification.Status.PENDING, next_attempt_at=now, sent_at=None)
    if due:
        transaction.on_commit(_enqueue_sweep)
    return due


def _inbox(user):
    """The person's messages their Messages page shows: kept there or emailed, less those
    whose one-time link was used or has expired (the link would only disappoint)."""
    return Notification.objects.filter(
        recipient=user, status__in=[Notification.Status.IN_APP, Notification.Status.SENT]
    ).exclude(link_expires_at__lte=timezone.now())


def inbox_messages(user):
    """The person's own messages for their Messages page, newest first (one query)."""
    return _inbox(user).only("id", "subject", "body", "status", "created_at", "sent_at", "read_at", "recipient_id")


def inbox_unread_count(user) -> int:
    return _inbox(user).filter(status=Notification.Status.IN_APP, read_at__isnull=True).count()


def notification_links_mark_used(*, recipient, kinds: Iterable[str]) -> int:
    """The person used a one-time link of one of these kinds, or did what stops such links
    working (a new password ends every reset link): the messages that carry one leave
    their Messages page. Returns how many."""
    now = timezone.now()
    return (
        Notification.objects.filter(recipient=recipient, kind__in=list(kinds), one_time_link=True)
        .exclude(link_expires_at__lte=now)
        .update(link_expires_at=now)
    )


def notification_mark_read(*, user, notification_id) -> bool:
    """The person read a message kept for them; True when this call marked it."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, status=Notification.Status.IN_APP, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


class ResendError(DomainError):
    code = "resend_refused"


def notification_resend(*, notification: Notification, by) -> Notification:
    """Staff send a message again: a new row with a new key (`<key>:resend:<n>`), the same
    text, delivered by the usual rules (the person's preferences still apply). Messages
    that carry a one-time link are refused: their own page sends a new link."""
    if notification.one_time_link or notification.kind in ONE_TIME_LINK_KINDS:
        raise ResendError(
            str(
                _(
                    "This message carried a private link that works once, so it cannot be sent again. "
                    "Please use “send a new link” on the page it came from."
                )
            ),
            code="one_time_link",
        )
    if notification.status in (Notification.Status.PENDING, Notification.Status.SENDING):
        raise ResendError(str(_("This message is still waiting to be sent; it will go on its own.")), code="waiting")
    if notification.recipient_id and not notification.recipient.is_active:
        raise ResendError(str(_("This person's account is closed, so nothing can be sent to them.")), code="inactive")
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        count = Notification.objects.filter(key__startswith=f"{locked.key}:resend:").count()
        copy = _store(
            kind=locked.kind,
            key=f"{locked.key}:resend:{count + 1}",
            recipient=locked.recipient,
            to_email=locked.to_email,
            language=locked.language,
            subject=locked.subject,
            body=locked.body,
            deliver_at=None,
            # Sent because staff asked: it goes at once, not in a weekly summary.
            category=Notification.Category.MESSAGE,
            one_time_link=False,
        )
        Notification.objects.filter(pk=copy.pk).update(resent_by=by)
        logger.info("notification %s resent as %s by user %s", locked.pk, copy.pk, by.pk)
    return copy


def export_messages(user) -> list[dict]:
    return [
        {"created": n.created_at, "subject": n.subject, "status": n.get_status_display(), "sent": n.sent_at}
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ]


def erase_messages(user) -> None:
    Notification.objects.filter(recipient=user).delete()


def purge_delivered_messages(now: datetime, dry_run: bool) -> int:
    """Messages that were sent, given up on, cancelled or read in the app, after RETENTION_NOTIFICATION_DAYS."""
    finished = Q(status__in=[Notification.Status.SENT, Notification.Status.FAILED, Notification.Status.CANCELLED])
    # Kept on a person's Messages page: only once they have read it (unread ones wait for them).
    read_in_app = Q(status=Notification.Status.IN_APP, read_at__isnull=False)
    done = Notification.objects.filter(
        finished | read_in_app, created_at__lt=now - timedelta(days=settings.RETENTION_NOTIFICATION_DAYS)
    )
    return data_rights.purge(done, dry_run=dry_run)
