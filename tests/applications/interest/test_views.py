"""Program staff's interest list pages: filters, 50 a page, contact shown only as the
person's way allows, the CSV (formula-safe), invite again, the call-or-text list and its
contacted mark, remove on request, and a query count that does not grow."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from accounts.models import User
from applications.interest.views import PAGE_SIZE
from applications.models import Application, InterestSignup
from cpse.notify.models import Notification
from tests.factories import ApplicationFactory, CohortFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

IN_WINDOW = datetime.datetime(2030, 1, 20, 15, tzinfo=datetime.UTC)
LIST, CALLS = reverse("interest:list"), reverse("interest:call_or_text")


@pytest.fixture
def staff_client(client, program_staff, time_machine):
    time_machine.move_to(IN_WINDOW, tick=False)
    client.force_login(program_staff)
    return client


@pytest.fixture
def cohort(db):
    return CohortFactory(year=2030)


def signup(cohort, **fields) -> InterestSignup:
    values = {"display_name": "Lu", "email": "lu@example.org", "cohort": cohort, **fields}
    return InterestSignup.objects.create(**values)


def by_phone(cohort, name="Ivy", phone="555 0100", **fields) -> InterestSignup:
    values = {"email": "", "phone": phone, "safe_contact": User.SafeContact.PHONE, **fields}
    return signup(cohort, display_name=name, **values)


def names(response) -> list[str]:
    return [row.signup.display_name for row in response.context["rows"]]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The list and its filters ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_person_only_the_way_they_chose(staff_client, cohort):
    signup(cohort)
    by_phone(cohort, name="Bo", email="bo@example.org", safe_contact_note="Not before noon")
    page = staff_client.get(LIST).content.decode()
    assert "lu@example.org" in page and "555 0100" in page
    # Bo gave an email only as a fallback: it is never shown; her note waits on the call-or-text list.
    assert "bo@example.org" not in page and "Not before noon" not in page
    assert "Not yet: on the call-or-text list" in page
    assert 'class="table-responsive"' in page


@pytest.mark.django_db
def test_filters_by_cohort_invited_applied_and_way(staff_client, cohort):
    later = CohortFactory(year=2031)
    lu = signup(cohort, invited_cohort=cohort)
    signup(later, display_name="Mae", email="mae@example.org")
    by_phone(cohort, safe_contact=User.SafeContact.TEXT)
    ApplicationFactory(applicant=UserFactory(email="LU@example.org"), cohort=cohort, status="submitted")
    assert names(staff_client.get(LIST, {"cohort": later.pk})) == ["Mae"]
    assert names(staff_client.get(LIST, {"invited": "yes"})) == [lu.display_name]
    assert sorted(names(staff_client.get(LIST, {"invited": "no"}))) == ["Ivy", "Mae"]
    assert names(staff_client.get(LIST, {"applied": "yes"})) == ["Lu"]
    assert names(staff_client.get(LIST, {"reach_by": "text"})) == ["Ivy"]
    assert names(staff_client.get(LIST, {"applied": "no", "reach_by": "email"})) == ["Mae"]


@pytest.mark.django_db
def test_a_draft_does_not_count_as_applied(staff_client, cohort):
    signup(cohort)
    ApplicationFactory(applicant=UserFactory(email="lu@example.org"), cohort=cohort, status=Application.Status.DRAFT)
    assert names(staff_client.get(LIST, {"applied": "yes"})) == []


@pytest.mark.django_db
def test_a_bad_filter_is_shown_and_the_others_kept(staff_client, cohort):
    signup(cohort)
    signup(cohort, display_name="Mae", email="mae@example.org", safe_contact=User.SafeContact.EMAIL)
    response = staff_client.get(LIST, {"reach_by": "carrier-pigeon", "cohort": cohort.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["reach_by"]
    assert sorted(names(response)) == ["Lu", "Mae"]
    assert 'value="carrier-pigeon"' not in response.content.decode()  # no such choice is offered


@pytest.mark.django_db
def test_fifty_a_page_and_the_filters_kept_in_page_links(staff_client, cohort):
    InterestSignup.objects.bulk_create(
        [InterestSignup(display_name=f"P{n}", email=f"p{n}@example.org", cohort=cohort) for n in range(PAGE_SIZE + 1)]
    )
    first = staff_client.get(LIST, {"reach_by": "email"})
    assert len(first.context["rows"]) == PAGE_SIZE == 50
    assert "?reach_by=email&amp;page=2" in first.content.decode()
    assert len(staff_client.get(LIST, {"reach_by": "email", "page": 2}).context["rows"]) == 1


@pytest.mark.django_db
def test_empty_states(staff_client):
    assert "Nobody is on the interest list yet" in staff_client.get(LIST).content.decode()
    assert "Nobody has asked for a call or a text yet" in staff_client.get(CALLS).content.decode()
    assert "matches these filters" in staff_client.get(LIST, {"applied": "yes"}).content.decode()


# --- The CSV ----------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_the_csv_is_formula_safe_follows_the_filters_and_holds_no_notes(staff_client, cohort):
    signup(cohort, display_name='=HYPERLINK("http://evil.example","x")', note="my story", state="TX")
    by_phone(cohort, name="@Ivy", phone="+1 555 0100", email="ivy@example.org", safe_contact_note="Mornings only")
    response = staff_client.get(reverse("interest:csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["Name", "Cohort", "Safe way to reach them"]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert "'@Ivy" in cells and "'+1 555 0100" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    text = str(rows)
    assert "ivy@example.org" not in text  # her way is the phone
    assert "my story" not in text and "Mornings only" not in text
    only_text = csv_rows(staff_client.get(reverse("interest:csv"), {"reach_by": "phone"}))
    assert [row[0] for row in only_text[1:]] == ["'@Ivy"]


@pytest.mark.django_db
def test_the_page_links_the_csv_with_its_filters(staff_client, cohort):
    signup(cohort)
    page = staff_client.get(LIST, {"reach_by": "email"}).content.decode()
    assert f'href="{reverse("interest:csv")}?reach_by=email"' in page


# --- Invite again ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invite_again_once_then_refused_kindly(staff_client, cohort):
    lu = signup(cohort, invited_cohort=cohort)
    url = reverse("interest:invite_again", args=[lu.public_id])
    assert "Invite again" in staff_client.get(LIST).content.decode()
    first = staff_client.post(url, follow=True)
    assert messages_of(first) == ["The invitation is on its way to Lu again."]
    assert "Again on" in first.content.decode()
    assert "Invite again" not in first.content.decode()  # not offered a second time
    second = staff_client.post(url, follow=True)
    assert "One more invitation in each application window is the most we send" in messages_of(second)[0]
    assert Notification.objects.filter(key__startswith="interest-invitation-again:").count() == 1


@pytest.mark.django_db
def test_invite_again_is_not_offered_outside_the_window(client, program_staff, time_machine, cohort):
    time_machine.move_to(datetime.datetime(2030, 4, 1, 15, tzinfo=datetime.UTC), tick=False)
    client.force_login(program_staff)
    lu = signup(cohort, invited_cohort=cohort)
    assert "Invite again" not in client.get(LIST).content.decode()
    response = client.post(reverse("interest:invite_again", args=[lu.public_id]), follow=True)
    assert "not open" in messages_of(response)[0]


# --- Call or text ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_call_or_text_list_shows_the_note_and_those_to_reach_first(staff_client, cohort, program_staff):
    reached = by_phone(cohort, name="Bo", phone="555 0101", contacted_at=IN_WINDOW, contacted_by=program_staff)
    to_reach = by_phone(cohort, safe_contact=User.SafeContact.TEXT, safe_contact_note="Text only, after 6 pm")
    signup(cohort)  # chose email: not here
    response = staff_client.get(CALLS)
    page = response.content.decode()
    assert names(response) == [to_reach.display_name, reached.display_name]
    assert "Text only, after 6 pm" in page and "555 0100" in page
    assert "lu@example.org" not in page
    assert names(staff_client.get(CALLS, {"contacted": "no"})) == ["Ivy"]
    assert names(staff_client.get(CALLS, {"contacted": "yes"})) == ["Bo"]


@pytest.mark.django_db
def test_mark_as_contacted_keeps_who_and_when(staff_client, cohort, program_staff):
    ivy = by_phone(cohort)
    response = staff_client.post(reverse("interest:mark_contacted", args=[ivy.public_id]), follow=True)
    assert messages_of(response) == ["Ivy is marked as contacted."]
    page = response.content.decode()
    assert f"by {program_staff.display_name}" in page and "New_York" not in page and "New York time" in page
    ivy.refresh_from_db()
    assert (ivy.contacted_by, ivy.contacted_at) == (program_staff, IN_WINDOW)
    again = staff_client.post(reverse("interest:mark_contacted", args=[ivy.public_id]), follow=True)
    assert "already marked as contacted" in messages_of(again)[0]


@pytest.mark.django_db
def test_before_the_window_the_list_says_when_to_call(client, program_staff, time_machine, cohort):
    time_machine.move_to(datetime.datetime(2029, 12, 1, 15, tzinfo=datetime.UTC), tick=False)
    client.force_login(program_staff)
    by_phone(cohort)
    page = client.get(CALLS).content.decode()
    assert "Mark as contacted" not in page and "please reach them once they open" in page


# --- Remove on request -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_remove_asks_first_then_removes(staff_client, cohort):
    lu = signup(cohort)
    url = reverse("interest:remove", args=[lu.public_id])
    confirm = staff_client.get(url)
    assert "Remove Lu from the interest list?" in confirm.content.decode()
    assert "Kept: one line in the audit trail" in confirm.content.decode()
    assert InterestSignup.objects.exists()
    done = staff_client.post(url, follow=True)
    assert messages_of(done) == ["Done. Lu is no longer on the interest list."]
    assert not InterestSignup.objects.exists()
    assert staff_client.get(url).status_code == 404


@pytest.mark.django_db
def test_unknown_people_are_not_found(staff_client):
    import uuid

    unknown = str(uuid.uuid4())
    assert staff_client.post(reverse("interest:invite_again", args=[unknown])).status_code == 404
    assert staff_client.post(reverse("interest:mark_contacted", args=[unknown])).status_code == 404


# --- Cost ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pages_cost_the_same_with_3_rows_and_with_30(staff_client, cohort, program_staff):
    def add(count: int, first: int) -> None:
        for n in range(first, first + count):
            signup(cohort, display_name=f"E{n}", email=f"e{n}@example.org", invited_cohort=cohort)
            by_phone(cohort, name=f"P{n}", phone=f"555 {n:04d}", contacted_at=IN_WINDOW, contacted_by=program_staff)
        ApplicationFactory(applicant=UserFactory(email=f"e{first}@example.org"), cohort=cohort, status="submitted")

    add(3, 0)
    assert_queries_do_not_grow(staff_client, [LIST, CALLS, reverse("interest:csv")], lambda: add(27, 100))


@pytest.mark.django_db
def test_the_removal_reads_in_the_audit_trail_without_her_name(staff_client, cohort):
    lu = signup(cohort, display_name="Lucinda")
    staff_client.post(reverse("interest:remove", args=[lu.public_id]), follow=True)
    page = staff_client.get(reverse("dashboard:audit")).content.decode()
    assert "Removed" in page and "Lucinda" not in page and "lu@example.org" not in page
