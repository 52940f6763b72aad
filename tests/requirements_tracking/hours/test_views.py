import datetime
import uuid
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils.formats import date_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpse import data_rights
from cpse.audit.models import AccessLogEntry
from requirements_tracking.hours import services
from requirements_tracking.models import HourEntry
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.conftest import REFLECTION, TODAY

MINE = reverse("requirements_tracking:mine")
NEW = reverse("requirements_tracking:entry_create")
INBOX = reverse("requirements_tracking_staff:inbox")
S = HourEntry.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC))


def form(**overrides):
    return {"date": "2026-05-09", "hours": "2.5", "kind": "journaling", "reflection": REFLECTION, **overrides}


@pytest.mark.django_db
def test_a_participant_logs_hours_and_sees_them_waiting(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(), follow=True)
    assert response.redirect_chain[-1][0] == MINE
    entry = HourEntry.objects.get()
    assert (entry.participant, entry.hours, entry.status) == (participant, Decimal("2.5"), S.SUBMITTED)
    page = response.content.decode()
    assert "0 of 10 hours approved, 2.5 hours waiting" in page
    assert "Waiting for review" in page
    assert 'value="0"' in page and "<progress" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "-1"}, "hours", "more than 0 hours"),
        ({"hours": "0"}, "hours", "more than 0 hours"),
        ({"hours": "0.3"}, "hours", "quarter hours"),
        ({"hours": "0.125"}, "hours", "quarter hours"),
        ({"hours": "25"}, "hours", "24 hours at most"),
        ({"hours": "two and a half"}, "hours", "number of hours"),
        ({"hours": "1e400"}, "hours", ""),
        ({"date": "2026-05-11"}, "date", "future"),
        ({"date": "2026-03-31"}, "date", "dates of your program"),
        ({"date": "yesterday"}, "date", "Please enter a date"),
        ({"kind": "partying"}, "kind", ""),
        ({"reflection": ""}, "reflection", "a few words"),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_kept(client, participant, changes, field, message):
    client.force_login(participant.user)
    response = client.post(NEW, form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    for name, value in form(**changes).items():
        assert response.context["form"].data[name] == value
    assert "Everything you typed is still here" in response.content.decode()
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_a_full_day_is_refused_over_two_entries(client, participant):
    client.force_login(participant.user)
    client.post(NEW, form(hours="20", confirm_hours="20"))  # a large entry, confirmed
    response = client.post(NEW, form(hours="4.25"))
    assert "already logged 20 hours on that day" in " ".join(response.context["form"].errors["hours"])
    assert HourEntry.objects.count() == 1


@pytest.mark.django_db
def test_someone_elses_entry_cannot_be_opened_or_changed(client, log, participant, other_participant):
    entry = log()
    url = reverse("requirements_tracking:entry_edit", args=[entry.public_id])
    client.force_login(other_participant.user)
    assert client.get(url).status_code == 404
    assert client.post(url, form(hours="5")).status_code == 404
    assert client.get(reverse("requirements_tracking:entry_edit", args=[uuid.uuid4()])).status_code == 404
    assert HourEntry.objects.get().hours == Decimal(1)


@pytest.mark.django_db
def test_a_returned_entry_is_changed_and_sent_again(client, log, participant, program_staff):
    entry = log()
    services.hour_entry_return(entry=entry, by=program_staff, comment="Could you add what helped?")
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Returned to you" in page and "Could you add what helped?" in page and "Change and send again" in page
    url = reverse("requirements_tracking:entry_edit", args=[entry.public_id])
    response = client.get(url)
    assert response.context["form"].initial["reflection"] == REFLECTION
    assert "Could you add what helped?" in response.content.decode()
    client.post(url, form(reflection="The river helped", hours="1.25"))
    entry.refresh_from_db()
    assert (entry.status, entry.hours, entry.reflection) == (S.SUBMITTED, Decimal("1.25"), "The river helped")


@pytest.mark.django_db
def test_an_approved_entry_is_not_changed(client, log, participant, program_staff):
    entry = log()
    services.hour_entry_approve(entry=entry, by=program_staff)
    client.force_login(participant.user)
    url = reverse("requirements_tracking:entry_edit", args=[entry.public_id])
    assert client.post(url, form(hours="5")).url == MINE
    assert HourEntry.objects.get().hours == Decimal(1)


@pytest.mark.django_db
def test_people_without_a_participation_see_a_kind_note_and_cannot_log(client, applicant):
    client.force_login(applicant)
    assert "once you are a participant" in client.get(MINE).content.decode()
    assert client.get(NEW).status_code == 404


@pytest.mark.django_db
def test_the_participant_page_shows_a_bar_per_requirement_and_what_is_next(client, log, participant, program_staff):
    services.hour_entry_approve(entry=log("6.5", date=TODAY - datetime.timedelta(days=1)), by=program_staff)
    log("1")
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "6.5 of 10 hours approved, 1 hour waiting" in page
    assert "Next: 3.5 more hours of “Self-awareness and self-care”" in page
    assert page.count("<progress") == 4  # the hours requirements; exam and check-ins come later
    assert "This comes later in the program" in page
    assert "aria-valuenow" not in page  # a native <progress> carries its own value
    assert 'max="10.00"' in page and 'value="6.5' in page


@pytest.mark.django_db
def test_my_program_links_to_my_hours_for_participants(client, participant, applicant):
    client.force_login(participant.user)
    assert MINE in client.get(reverse("cohorts:my_program")).content.decode()


@pytest.mark.django_db
def test_navigation(client, participant, program_staff, instructor):
    client.force_login(participant.user)
    assert "My hours" in client.get(MINE).content.decode()
    client.force_login(program_staff)
    assert "Hours to approve" in client.get(INBOX).content.decode()
    client.force_login(instructor)
    assert "Hours to approve" not in client.get(reverse("dashboard:home")).content.decode()


# --- Staff --------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_approve_from_the_inbox_once(client, log, participant, program_staff):
    entry = log("2.5")
    client.force_login(program_staff)
    page = client.get(INBOX).content.decode()
    assert "Participant Cora" in page and REFLECTION not in page
    approve = reverse("requirements_tracking_staff:approve", args=[entry.public_id])
    response = client.post(approve, {"next": INBOX + "?page=1"}, follow=True)
    assert response.redirect_chain[0][0] == INBOX + "?page=1"
    assert "Approved Participant Cora" in response.content.decode()
    response = client.post(approve, follow=True)
    assert "already approved" in response.content.decode()
    assert HourEntry.objects.get().status == S.APPROVED
    # Somewhere else is not a place to be sent back to.
    assert client.post(approve, {"next": "https://elsewhere.example/"}).url == INBOX


@pytest.mark.django_db
def test_staff_return_with_a_required_comment(client, log, participant, program_staff):
    entry = log()
    client.force_login(program_staff)
    url = reverse("requirements_tracking_staff:return", args=[entry.public_id])
    response = client.post(url, {"comment": "   "}, follow=True)
    assert "Please write a comment" in response.content.decode()
    assert HourEntry.objects.get().status == S.SUBMITTED
    client.post(url, {"comment": "Could you say a little more?"})
    entry.refresh_from_db()
    assert entry.status == S.RETURNED and entry.staff_comment == "Could you say a little more?"


@pytest.mark.django_db
def test_the_review_page_shows_the_reflection_and_logs_the_view(client, log, participant, program_staff):
    entry = log()
    client.force_login(program_staff)
    page = client.get(reverse("requirements_tracking_staff:review", args=[entry.public_id])).content.decode()
    assert REFLECTION in page
    logged = AccessLogEntry.objects.get()
    assert (logged.viewer, logged.subject, logged.record_kind) == (
        program_staff,
        participant.user,
        AccessLogEntry.RecordKind.PARTICIPANT,
    )


@pytest.mark.django_db
def test_the_inbox_filters_by_cohort(client, log, participant, program_staff):
    log()
    client.force_login(program_staff)
    other = CohortFactory(year=2027)
    assert "No hours from this cohort are waiting" in client.get(INBOX, {"cohort": other.pk}).content.decode()
    assert "Participant Cora" in client.get(INBOX, {"cohort": participant.cohort.pk}).content.decode()
    assert client.get(INBOX, {"cohort": "not-a-cohort", "page": "x"}).status_code == 200


# --- Query counts --------------------------------------------------------------------


def _entries(participant, count, *, start=0):
    HourEntry.objects.bulk_create(
        HourEntry(
            participant=participant,
            requirement=participant.cohort.requirement_set.requirements.get(category="self_care"),
            date=datetime.date(2026, 4, 1) + datetime.timedelta(days=(start + n) % 39),
            hours=Decimal("0.25"),
            kind="other",
            reflection=f"reflection {n}",
            status=[S.SUBMITTED, S.APPROVED, S.RETURNED][n % 3],
            staff_comment="comment" if n % 3 == 2 else "",
        )
        for n in range(count)
    )


@pytest.mark.django_db
def test_the_inbox_costs_the_same_with_3_or_60_entries(client, program_staff, participant):
    people = [participant, *(ParticipantFactory(cohort=participant.cohort) for _ in range(2))]
    for person in people:
        HourEntry.objects.create(
            participant=person,
            requirement=person.cohort.requirement_set.requirements.get(category="self_care"),
            date=TODAY,
            hours=1,
            kind="other",
            reflection="x",
        )
    client.force_login(program_staff)

    def grow():
        for _ in range(57):
            person = ParticipantFactory(cohort=participant.cohort)
            HourEntry.objects.create(
                participant=person,
                requirement=person.cohort.requirement_set.requirements.get(category="self_care"),
                date=TODAY,
                hours=1,
                kind="other",
                reflection="x",
            )

    counts = assert_queries_do_not_grow(client, [INBOX, f"{INBOX}?cohort={participant.cohort.pk}"], grow)
    print("inbox queries:", counts)


@pytest.mark.django_db
def test_the_participant_page_costs_the_same_with_3_or_60_entries(client, participant):
    _entries(participant, 3)
    client.force_login(participant.user)
    counts = assert_queries_do_not_grow(client, [MINE], lambda: _entries(participant, 57, start=3))
    print("participant page queries:", counts)


# --- Privacy ------------------------------------------------------------------------


@pytest.mark.django_db
def test_reflections_and_comments_are_encrypted_in_the_database(log, program_staff):
    entry = log(reflection="I cried at the support group and that was fine")
    services.hour_entry_return(entry=entry, by=program_staff, comment="Thank you for sharing this")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reflection, staff_comment FROM requirements_tracking_hourentry WHERE id = %s", [entry.pk]
        )
        reflection, comment = cursor.fetchone()
    assert "cried" not in reflection and reflection.startswith("gAAAA")
    assert "sharing" not in comment and comment.startswith("gAAAA")


@pytest.mark.django_db
def test_data_rights_export_and_erase_the_persons_own_entries(log, participant, other_participant):
    log(reflection="Mine to keep")
    log(who=other_participant, reflection="Not theirs")
    [section] = [s for s in data_rights.sections() if s.name == "hours"]
    assert HourEntry in section.models
    exported = section.export(participant.user)
    assert [row["reflection"] for row in exported] == ["Mine to keep"]
    assert exported[0]["hours"] == Decimal(1) and exported[0]["status"] == "Waiting for review"
    section.erase(participant.user)
    assert list(HourEntry.objects.values_list("participant", flat=True)) == [other_participant.pk]


# --- Property test -------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
value = st.one_of(
    any_text,
    st.sampled_from(["", " ", "0", "-1", "0.3", "24.25", "1e9", "NaN", "Infinity", "2026-02-30", "9999-12-31"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(date=value, hours=value, kind=st.one_of(any_text, st.sampled_from(list(HourEntry.Kind))), reflection=value)
def test_the_log_form_never_fails_and_keeps_what_was_typed(client, participant, date, hours, kind, reflection):
    client.force_login(participant.user)
    HourEntry.objects.all().delete()
    sent = {"date": date, "hours": hours, "kind": kind, "reflection": reflection}
    response = client.post(NEW, sent)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        kept = response.context["form"].data
        for name, typed in sent.items():
            assert kept.get(name) in (typed, typed.replace("\r\n", "\n").replace("\r", "\n"))


@pytest.mark.django_db
def test_the_participant_page_lists_entries_25_at_a_time(client, participant):
    _entries(participant, 30)
    client.force_login(participant.user)
    first = client.get(MINE)
    assert len(first.context["page_obj"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(MINE, {"page": "2"}).context["page_obj"].object_list) == 5
    assert client.get(MINE, {"page": "not-a-page"}).status_code == 200


# --- The date picker ---------------------------------------------------------------------


def date_input(page: str) -> str:
    return next(tag for tag in page.split("<input") if 'name="date"' in tag)


@pytest.mark.django_db
def test_the_date_picker_offers_the_days_that_can_count(client, participant, log):
    client.force_login(participant.user)
    page = client.get(NEW).content.decode()
    assert 'min="2026-04-01"' in date_input(page) and 'max="2026-05-10"' in date_input(page)
    assert f"A day from {date_format(datetime.date(2026, 4, 1))} to {date_format(TODAY)}." in page
    # The same on the page that changes an entry.
    page = client.get(reverse("requirements_tracking:entry_edit", args=[log().public_id])).content.decode()
    assert 'min="2026-04-01"' in date_input(page) and 'max="2026-05-10"' in date_input(page)


@pytest.mark.django_db
def test_after_the_program_the_picker_ends_on_its_last_day(client, participant, time_machine):
    time_machine.move_to(datetime.datetime(2026, 9, 15, 15, tzinfo=datetime.UTC))
    client.force_login(participant.user)
    tag = date_input(client.get(NEW).content.decode())
    assert 'min="2026-04-01"' in tag and 'max="2026-08-31"' in tag


@pytest.mark.django_db
def test_a_day_outside_is_refused_with_the_days_that_can_count_and_kept(client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(date="2026-03-31"))
    [error] = response.context["form"].errors["date"]
    assert date_format(datetime.date(2026, 4, 1)) in error and date_format(TODAY) in error
    assert 'value="2026-03-31"' in date_input(response.content.decode())
    assert not HourEntry.objects.exists()


# --- Withdrawing -------------------------------------------------------------------------


def withdraw_urls(entry):
    return (
        reverse("requirements_tracking:entry_withdraw_confirm", args=[entry.public_id]),
        reverse("requirements_tracking:entry_withdraw", args=[entry.public_id]),
    )


@pytest.mark.django_db
def test_a_participant_withdraws_waiting_hours_after_confirming(client, log, participant):
    entry = log("2.5")
    confirm, withdraw = withdraw_urls(entry)
    client.force_login(participant.user)
    assert "0 of 10 hours approved, 2.5 hours waiting" in client.get(MINE).content.decode()
    assert confirm in client.get(MINE).content.decode()
    page = client.get(confirm).content.decode()
    assert "Withdraw these hours?" in page and f'action="{withdraw}"' in page and REFLECTION not in page
    assert HourEntry.objects.exists()  # looking does not withdraw

    response = client.post(withdraw, follow=True)
    assert response.redirect_chain == [(MINE, 302)]
    page = response.content.decode()
    assert f"Your hours of {date_format(TODAY)} are withdrawn." in page
    assert "2.5 hours waiting" not in page and "You have not logged any hours yet" in page
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_a_double_click_withdraws_once_and_answers_calmly(client, log, participant):
    entry = log()
    _confirm, withdraw = withdraw_urls(entry)
    client.force_login(participant.user)
    client.post(withdraw)
    response = client.post(withdraw, follow=True)
    assert response.redirect_chain == [(MINE, 302)]
    assert "These hours are already withdrawn." in response.content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk=str(entry.pk)).count() == 1


@pytest.mark.django_db
def test_approved_hours_cannot_be_withdrawn(client, log, participant, program_staff):
    entry = log()
    services.hour_entry_approve(entry=entry, by=program_staff)
    confirm, withdraw = withdraw_urls(entry)
    client.force_login(participant.user)
    assert confirm not in client.get(MINE).content.decode()
    response = client.get(confirm, follow=True)
    assert response.redirect_chain == [(MINE, 302)]
    assert "These hours are approved, so they stay in your record." in response.content.decode()
    response = client.post(withdraw, follow=True)
    assert "These hours are approved, so they stay in your record." in response.content.decode()
    assert HourEntry.objects.get().status == S.APPROVED


@pytest.mark.django_db
def test_someone_elses_entry_cannot_be_withdrawn(client, log, participant, other_participant):
    entry = log()
    confirm, withdraw = withdraw_urls(entry)
    client.force_login(participant.user)
    client.get(confirm)  # the owner looked at it, in another browser
    client.force_login(other_participant.user)
    assert client.get(confirm).status_code == 404
    assert client.post(withdraw).status_code == 404
    assert client.get(withdraw).status_code == 405
    assert HourEntry.objects.exists()
    # Nor is an entry withdrawn by someone else told apart from one that never was.
    client.force_login(participant.user)
    client.post(withdraw)
    client.force_login(other_participant.user)
    assert client.post(withdraw).status_code == 404
    assert client.post(reverse("requirements_tracking:entry_withdraw", args=[uuid.uuid4()])).status_code == 404
