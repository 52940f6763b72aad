"""Invoice due reminders: before, on and after the due date, once each, with no amounts."""

import datetime

import pytest
from django.utils import timezone

from cpse.notify.models import Notification
from sponsors.money import services
from sponsors.reminders import invoice_due_send
from tests.factories import SponsorMemberFactory
from tests.sponsors.money.factories import fee_participant, pay, pledge

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_participant_invoice_reminders(cohort, finance):
    person = fee_participant(cohort)
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    due = invoice.due_on
    assert invoice_due_send(at(due - datetime.timedelta(days=8))) == 0
    assert invoice_due_send(at(due - datetime.timedelta(days=7))) == 1
    assert invoice_due_send(at(due - datetime.timedelta(days=3))) == 0  # the same "soon" note
    assert invoice_due_send(at(due)) == 1
    assert invoice_due_send(at(due + datetime.timedelta(days=1))) == 1
    assert invoice_due_send(at(due + datetime.timedelta(days=6))) == 0
    assert invoice_due_send(at(due + datetime.timedelta(days=8))) == 1
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == ["invoice_due_soon", "invoice_due_today", "invoice_overdue", "invoice_overdue"]
    for note in Notification.objects.all():
        assert "$" not in note.body and person.user.display_name not in note.body
        assert note.recipient == person.user


def test_sponsor_members_are_reminded_and_paid_invoices_are_quiet(cohort, finance):
    member = SponsorMemberFactory()
    SponsorMemberFactory(sponsor=member.sponsor)
    sponsorship = pledge(cohort, finance, sponsor=member.sponsor, participant=fee_participant(cohort))
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    assert invoice_due_send(at(invoice.due_on)) == 2
    pay(invoice, invoice.total_cents, finance)
    assert invoice_due_send(at(invoice.due_on + datetime.timedelta(days=1))) == 0


def test_someone_who_withdrew_is_not_chased(cohort, finance):
    person = fee_participant(cohort)
    invoice = services.invoice_create_for_participant(participant=person, by=finance)
    person.status = "withdrawn"
    person.save()
    assert invoice_due_send(at(invoice.due_on)) == 0


def test_the_queries_do_not_grow_with_the_invoices_due(cohort, finance):
    from tests.queries import count_queries

    def invoices(n):
        return [
            services.invoice_create_for_participant(participant=fee_participant(cohort), by=finance) for _ in range(n)
        ]

    def queries_of_a_run(due_on) -> tuple[int, int]:
        with count_queries() as context:
            sent = invoice_due_send(at(due_on))
        return len(context.captured_queries), sent

    few = invoices(3)
    first = queries_of_a_run(few[0].due_on)
    Notification.objects.all().delete()
    invoices(27)
    assert queries_of_a_run(few[0].due_on) == (first[0], 30)
