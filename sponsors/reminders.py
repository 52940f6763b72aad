"""Invoice due reminders: a week before the due date, on it, then weekly while overdue,
to each member of the invoiced sponsor or to the participant. Each message has a key per
invoice, person and moment, so running the schedule again sends nothing twice. Messages
name no amount and no person: there is an invoice to look at; sign in.

Register in SponsorsConfig.ready:
    reminders.register(reminders.Reminder(name="invoice_due", send=invoice_due_send, description=...))
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from cpse.notify.services import Message, notification_queue_many
from cpse.prepared import prepared_rows
from sponsors.models import SponsorMember
from sponsors.money import selectors

SOON_DAYS = 7
KINDS = {"soon": "invoice_due_soon", "today": "invoice_due_today", "overdue": "invoice_overdue"}


def _moment(invoice, today: datetime.date) -> tuple[str, str] | None:
    """(kind, key suffix) for what to say about `invoice` today, or None."""
    days = (invoice.due_on - today).days
    if 0 < days <= SOON_DAYS:
        return "soon", "soon"
    if days == 0:
        return "today", "today"
    if days < 0:
        return "overdue", f"overdue-{(-days - 1) // 7}"
    return None


def invoice_due_send(now: datetime.datetime | None = None) -> int:
    today = timezone.localdate(now or timezone.now())
    # Built and compiled once a day per process (`cpse.prepared`).
    invoices = prepared_rows(("reminders.invoice_due", today), lambda: selectors.invoices_due_for_reminders(today))
    members: dict[int, list] = {}
    sponsor_ids = {i.sponsor_id for i in invoices if i.sponsor_id}
    for member in SponsorMember.objects.filter(sponsor_id__in=sponsor_ids, user__is_active=True).select_related("user"):
        members.setdefault(member.sponsor_id, []).append(member.user)
    messages = []
    for invoice in invoices:
        moment = _moment(invoice, today)
        if moment is None:
            continue
        kind, suffix = moment
        if invoice.sponsor_id:
            recipients, path = members.get(invoice.sponsor_id, []), reverse("sponsors_billing:index")
        else:
            recipients, path = [invoice.participant.user], reverse("sponsors_fee:mine")
        messages += [
            Message(
                kind=KINDS[kind],
                key=f"invoice-due:{invoice.pk}:{user.pk}:{suffix}",
                recipient=user,
                context={"path": path},
            )
            for user in recipients
            if user.is_active
        ]
    # Written in bulk: the same few queries however many invoices are due.
    return notification_queue_many(messages)
