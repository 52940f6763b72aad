"""Approving several hour entries at once from the inbox."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cohorts.models import Requirement
from requirements_tracking.hours import services
from requirements_tracking.models import HourEntry
from tests.factories import ParticipantFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

S = HourEntry.Status
INBOX = reverse("requirements_tracking_staff:inbox")
APPROVE_SELECTED = reverse("requirements_tracking_staff:approve_selected")


def waiting(participant, n=1) -> list[HourEntry]:
    requirement = participant.cohort.requirement_set.requirements.get(category=Requirement.Category.SELF_CARE)
    return [
        HourEntry.objects.create(
            participant=participant,
            requirement=requirement,
            date=datetime.date(2026, 5, 1 + day),
            hours=Decimal("1.5"),
            kind="journaling",
            status=S.SUBMITTED,
        )
        for day in range(n)
    ]


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_chosen_entries_are_approved_and_those_reviewed_meanwhile_are_counted(
    client, program_staff, participant, other_participant
):
    mine, theirs = waiting(participant, 3), waiting(other_participant, 2)
    services.hour_entry_approve(entry=mine[0], by=program_staff)  # someone else was quicker
    client.force_login(program_staff)
    chosen = [*mine, theirs[0]]
    response = client.post(APPROVE_SELECTED, {"entries": [str(e.public_id) for e in chosen], "next": INBOX})
    assert response.status_code == 302 and response["Location"] == INBOX
    assert said(response) == ["3 entries approved. 1 had already been reviewed."]
    statuses = dict(HourEntry.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in chosen] == [S.APPROVED] * 4
    assert statuses[theirs[1].pk] == S.SUBMITTED  # not ticked
    assert HourEntry.objects.get(pk=mine[1].pk).reviewed_by == program_staff


def test_a_double_submit_approves_once(client, program_staff, participant):
    entries = waiting(participant, 2)
    client.force_login(program_staff)
    data = {"entries": [str(e.public_id) for e in entries]}
    assert said(client.post(APPROVE_SELECTED, data)) == ["2 entries approved."]
    assert said(client.post(APPROVE_SELECTED, data))[-1] == "0 entries approved. 2 had already been reviewed."


def test_practicum_hours_and_unknown_ids_are_skipped(client, program_staff, participant):
    entry = waiting(participant)[0]
    client.force_login(program_staff)
    response = client.post(APPROVE_SELECTED, {"entries": [str(entry.public_id), str(uuid.uuid4())]})
    assert said(response) == ["1 entry approved. 1 had already been reviewed."]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "Please tick the hours you want to approve."),
        (["not-an-id"], "Something went wrong with the entries chosen. Please choose them again."),
        ([str(uuid.uuid4()) for _ in range(51)], "Please approve at most 50 entries at a time."),
    ],
)
def test_bad_choices_change_nothing_and_say_why(client, program_staff, participant, entries, message):
    entry = waiting(participant)[0]
    client.force_login(program_staff)
    response = client.post(APPROVE_SELECTED, {"entries": entries})
    assert response.status_code == 302
    assert said(response) == [message]
    assert HourEntry.objects.get(pk=entry.pk).status == S.SUBMITTED


def test_a_next_elsewhere_is_not_followed(client, program_staff, participant):
    client.force_login(program_staff)
    response = client.post(
        APPROVE_SELECTED, {"entries": [str(waiting(participant)[0].public_id)], "next": "https://evil.example/"}
    )
    assert response["Location"] == INBOX


def test_approving_many_costs_a_few_queries_per_entry(client, program_staff, cohort):
    people = ParticipantFactory.create_batch(3, cohort=cohort)
    client.force_login(program_staff)

    def queries(n):
        entries = [e for person in people for e in waiting(person, n)]
        with count_queries() as context:
            client.post(APPROVE_SELECTED, {"entries": [str(e.public_id) for e in entries]})
        HourEntry.objects.all().delete()
        return len(context.captured_queries)

    # Each entry goes through the single-approve service (its savepoint and conditional
    # update); the rest is fixed: the cost per entry stays the same.
    queries(1)  # the first request also settles the session
    one, two, three = queries(1), queries(2), queries(3)
    assert two - one == three - two <= 4 * len(people)


def test_the_inbox_offers_a_checkbox_per_entry(client, program_staff, participant):
    entry = waiting(participant)[0]
    client.force_login(program_staff)
    page = client.get(INBOX).content.decode()
    assert f'value="{entry.public_id}" form="approve-selected"' in page
    assert "Approve selected" in page
