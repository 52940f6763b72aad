"""A message to a cohort: write, preview with the count, confirm; sent once; never logged."""

import logging
import uuid

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from cohorts.models import Participant
from cpse.notify.models import Notification
from cpse.notify.services import notifications_sweep
from dashboard.models import CohortMessage
from tests.factories import CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

INDEX = reverse("bulk:index")
MESSAGE = reverse("bulk:message")
PS = Participant.Status
BODY = "The graduation rehearsal moves to Thursday at 4pm. Lunch is provided."


@pytest.fixture
def people(cohort):
    """Four enrolled (one reads messages only on the site), one on leave, one withdrawn."""
    enrolled = ParticipantFactory.create_batch(3, cohort=cohort)
    on_site = ParticipantFactory(cohort=cohort, user__safe_contact=User.SafeContact.NONE)
    return {
        "enrolled": [*enrolled, on_site],
        "on_leave": ParticipantFactory(cohort=cohort, status=PS.ON_LEAVE),
        "withdrawn": ParticipantFactory(cohort=cohort, status=PS.WITHDRAWN),
    }


def fields(chosen, **changes):
    return {"cohort": chosen.pk, "audience": "enrolled", "subject": "Rehearsal time", "body": BODY, **changes}


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_preview_counts_the_people_and_sends_nothing(client, program_staff, cohort, people):
    client.force_login(program_staff)
    assert client.get(MESSAGE).status_code == 200
    response = client.post(MESSAGE, fields(cohort, step="preview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This message will go to 4 people in the 2026 cohort." in page
    assert "Send to 4 people" in page and "Lunch is provided." in page
    assert uuid.UUID(str(response.context["key"]))
    assert not Notification.objects.exists() and not CohortMessage.objects.exists()


def test_confirming_sends_one_message_to_each_person_once(client, program_staff, cohort, people):
    client.force_login(program_staff)
    key = str(uuid.uuid4())
    response = client.post(MESSAGE, fields(cohort, step="confirm", key=key))
    assert response.status_code == 302 and response["Location"] == INDEX
    assert said(response) == ["Your message was sent to 4 people."]
    sent = Notification.objects.filter(kind="cohort_message")
    assert sorted(sent.values_list("recipient_id", flat=True)) == sorted(p.user_id for p in people["enrolled"])
    assert set(sent.values_list("category", flat=True)) == {Notification.Category.MESSAGE}
    assert {n.subject for n in sent} == {"Rehearsal time"} and all(BODY in n.body for n in sent)
    history = CohortMessage.objects.get()
    assert (history.recipients, history.sent_by, history.subject) == (4, program_staff, "Rehearsal time")

    again = client.post(MESSAGE, fields(cohort, step="confirm", key=key))
    assert said(again)[-1] == "This message had already been sent: it was not sent again."
    assert sent.count() == 4 and CohortMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("audience", "who"),
    [("on_leave", ["on_leave"]), ("all", ["enrolled", "on_leave"]), ("enrolled", ["enrolled"])],
)
def test_the_audience_chooses_who_and_never_people_who_withdrew(client, program_staff, cohort, people, audience, who):
    client.force_login(program_staff)
    client.post(MESSAGE, fields(cohort, audience=audience, step="confirm", key=str(uuid.uuid4())))
    expected = set()
    for group in who:
        expected |= {p.user_id for p in (people[group] if isinstance(people[group], list) else [people[group]])}
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == expected


def test_other_cohorts_hear_nothing(client, program_staff, cohort, people):
    later = CohortFactory(year=2027)
    ParticipantFactory(cohort=later)
    client.force_login(program_staff)
    client.post(MESSAGE, fields(cohort, step="confirm", key=str(uuid.uuid4())))
    assert Notification.objects.count() == 4


def test_messages_reach_the_messages_page_and_email_as_each_person_chose(client, program_staff, cohort, people):
    client.force_login(program_staff)
    client.post(MESSAGE, fields(cohort, step="confirm", key=str(uuid.uuid4())))
    notifications_sweep()
    on_site = people["enrolled"][-1]
    assert Notification.objects.get(recipient=on_site.user).status == Notification.Status.IN_APP
    assert len(mail.outbox) == 3 and BODY in mail.outbox[0].body
    client.force_login(on_site.user)
    page = client.get(reverse("accounts:messages")).content.decode()
    assert "Rehearsal time" in page and "Lunch is provided." in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"subject": "  "}, "This field is required."),
        ({"body": ""}, "This field is required."),
        ({"subject": "x" * 121}, "Ensure this value has at most 120 characters (it has 121)."),
        ({"body": "x" * 5001}, "Ensure this value has at most 5000 characters (it has 5001)."),
        ({"cohort": "999999"}, "Select a valid choice. 999999 is not one of the available choices."),
        ({"audience": "withdrawn"}, "Select a valid choice. withdrawn is not one of the available choices."),
    ],
)
def test_bad_input_keeps_what_was_typed_and_sends_nothing(client, program_staff, cohort, people, changes, error):
    client.force_login(program_staff)
    response = client.post(MESSAGE, fields(cohort, step="confirm", key=str(uuid.uuid4()), **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert error in str(form.errors)
    assert form["body"].value() == changes.get("body", BODY)
    assert not Notification.objects.exists()


def test_a_confirmation_without_a_good_key_goes_back_to_the_form(client, program_staff, cohort, people):
    client.force_login(program_staff)
    response = client.post(MESSAGE, fields(cohort, step="confirm", key="not-a-key"))
    assert response.status_code == 200
    assert said(response) == ["Something went wrong with the preview. Please look at the message again."]
    assert response.context["form"]["body"].value() == BODY
    assert not Notification.objects.exists()


def test_nobody_to_send_to_is_said_plainly(client, program_staff, cohort, people):
    client.force_login(program_staff)
    preview = client.post(MESSAGE, fields(cohort, audience="certified", step="preview")).content.decode()
    assert "Nobody in this cohort matches" in preview and "Send to" not in preview
    response = client.post(MESSAGE, fields(cohort, audience="certified", step="confirm", key=str(uuid.uuid4())))
    assert said(response) == ["Nobody in this cohort matches: the message was not sent."]
    assert not CohortMessage.objects.exists()


def test_change_the_message_goes_back_with_the_text(client, program_staff, cohort, people):
    client.force_login(program_staff)
    response = client.post(MESSAGE, fields(cohort, step="edit"))
    assert response.templates[0].name == "dashboard/bulk/message.html"
    assert response.context["form"]["body"].value() == BODY


def test_the_text_is_in_no_log_and_no_history(client, program_staff, cohort, people, caplog):
    client.force_login(program_staff)
    with caplog.at_level(logging.DEBUG):
        client.post(MESSAGE, fields(cohort, step="preview"))
        client.post(MESSAGE, fields(cohort, step="confirm", key=str(uuid.uuid4())))
        client.post(MESSAGE, fields(cohort, subject="", step="confirm", key=str(uuid.uuid4())))
        notifications_sweep()
    assert "Lunch is provided" not in caplog.text
    assert not any("Lunch is provided" in str(entry.changes) for entry in LogEntry.objects.all())
    assert not any(BODY in str(value) for value in CohortMessage.objects.values().get().values())


def test_the_history_lists_what_was_sent_and_costs_the_same_however_long(client, program_staff, cohort, people):
    client.force_login(program_staff)
    client.post(MESSAGE, fields(cohort, step="confirm", key=str(uuid.uuid4())))
    page = client.get(INDEX).content.decode()
    assert "Rehearsal time" in page and "Everyone enrolled now" in page and str(program_staff) in page
    assert reverse("certificates_staff:cohort") in page and reverse("requirements_tracking_staff:inbox") in page

    def grow():
        sender = UserFactory()
        for n in range(30):
            CohortMessage.objects.create(
                key=uuid.uuid4(), cohort=cohort, audience="all", subject=f"Note {n}", recipients=5, sent_by=sender
            )

    assert_queries_do_not_grow(client, [INDEX], grow)


def test_an_empty_history_says_so(client, program_staff):
    client.force_login(program_staff)
    assert "No message has been sent to a cohort yet." in client.get(INDEX).content.decode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    subject=st.text(max_size=200),
    body=st.text(max_size=300),
    audience=st.sampled_from(["enrolled", "all", "on_leave", "withdrawn", "", "🙂"]),
    step=st.sampled_from(["preview", "confirm", "edit", "", "other"]),
    key=st.one_of(st.just(str(uuid.uuid4())), st.text(max_size=40)),
)
def test_any_input_gets_an_answer_never_an_error(client, program_staff, cohort, subject, body, audience, step, key):
    client.force_login(program_staff)
    # Form data cannot carry NUL characters (the test client refuses them, as browsers do).
    data = fields(cohort, subject=subject.replace("\x00", ""), body=body.replace("\x00", ""), audience=audience)
    response = client.post(MESSAGE, {**data, "step": step, "key": key.replace("\x00", "")})
    assert response.status_code in (200, 302)


def test_a_staff_members_data_lists_the_cohort_messages_they_sent_and_erasure_forgets_the_sender(program_staff, cohort):
    from dashboard import data_rights
    from dashboard.models import CohortMessage

    CohortMessage.objects.create(
        key=uuid.uuid4(), cohort=cohort, audience="all", subject="Session moved", recipients=3, sent_by=program_staff
    )
    assert [row["subject"] for row in data_rights.export(program_staff)] == ["Session moved"]
    data_rights.erase(program_staff)
    assert CohortMessage.objects.get().sent_by is None
    assert data_rights.export(program_staff) == []
