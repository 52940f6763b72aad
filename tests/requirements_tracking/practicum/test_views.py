import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from applications.confirmers.services import confirmer_verify
from requirements_tracking.models import HourEntry, Practicum, SupervisorConfirmation
from requirements_tracking.practicum import services
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.conftest import TODAY
from tests.requirements_tracking.hours.test_views import value as typed_value
from tests.requirements_tracking.practicum import test_services

WHAT_I_DID, confirmation_of, token_of = test_services.WHAT_I_DID, test_services.confirmation_of, test_services.token_of
# Shared fixtures.
practicum, log_practicum = test_services.practicum, test_services.log_practicum

MINE = reverse("practicum:mine")
LOG = reverse("practicum:log")
SUPERVISE = reverse("practicum:supervise")
STAFF = reverse("practicum:staff_list")
S = HourEntry.Status
C = SupervisorConfirmation.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC))


def form(**overrides):
    return {"date": "2026-05-09", "hours": "2.25", "reflection": WHAT_I_DID, **overrides}


def host(**overrides):
    return {
        "host_agency": "Harbor House",
        "supervisor_name": "Sam Rivera",
        "supervisor_email": "sam@harbor.example.org",
        **overrides,
    }


def link_url(token):
    return reverse("practicum:link", args=[token])


def answer_url(token):
    return reverse("practicum:link_answer", args=[token])


# --- The participant's page -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_practicum_page_invites_a_participant_to_name_their_host(client, participant):
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "You have not named your practicum yet" in page
    assert "You have not logged any practicum hours yet" in page
    assert "Log practicum hours" not in page
    response = client.post(MINE, host(), follow=True)
    assert response.redirect_chain[-1][0] == MINE
    page = response.content.decode()
    assert "Harbor House" in page and "Sam Rivera" in page and "Log practicum hours" in page
    assert Practicum.objects.get().participant == participant


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"host_agency": ""}, "host_agency", "name the agency"),
        ({"supervisor_name": " "}, "supervisor_name", "supervisor's name"),
        ({"supervisor_email": "not an email"}, "supervisor_email", "email address"),
        ({"host_agency": "x" * 151}, "host_agency", "at most 150"),
    ],
)
def test_bad_practicum_details_are_explained_and_kept(client, participant, changes, field, message):
    client.force_login(participant.user)
    response = client.post(MINE, host(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert response.context["form"].data[field] == changes[field]
    assert "Everything you typed is still here" in response.content.decode()
    assert not Practicum.objects.exists()


@pytest.mark.django_db
def test_people_without_a_participation_see_a_kind_note(client, applicant):
    client.force_login(applicant)
    assert "once you are a participant" in client.get(MINE).content.decode()
    assert client.post(MINE, host()).status_code == 404
    assert client.get(LOG).status_code == 404


@pytest.mark.django_db
def test_logging_needs_a_practicum_first(client, participant):
    client.force_login(participant.user)
    response = client.get(LOG, follow=True)
    assert response.redirect_chain[-1][0] == MINE
    assert "Please first tell us where you do your practicum" in response.content.decode()
    client.post(LOG, form())
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_a_participant_logs_practicum_hours_and_sees_them_waiting(client, participant, practicum):
    client.force_login(participant.user)
    assert "Harbor House" in client.get(LOG).content.decode()
    response = client.post(LOG, form(), follow=True)
    assert response.redirect_chain[-1][0] == MINE
    entry = HourEntry.objects.get()
    assert (entry.kind, entry.hours, entry.status) == ("practicum", Decimal("2.25"), S.SUBMITTED)
    page = response.content.decode()
    assert "Waiting for your supervisor" in page and "2.25 hours" in page
    # The hours page shows them waiting too, and links here.
    hours_page = client.get(reverse("requirements_tracking:mine")).content.decode()
    assert MINE in hours_page and "0 of 12 hours approved, 2.25 hours waiting" in hours_page
    assert reverse("practicum:edit", args=[entry.public_id]) in hours_page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "-1"}, "hours", "more than 0 hours"),
        ({"hours": "0"}, "hours", "more than 0 hours"),
        ({"hours": "0.3"}, "hours", "quarter hours"),
        ({"hours": "25"}, "hours", "24 hours at most"),
        ({"hours": "two"}, "hours", "number of hours"),
        ({"hours": ""}, "hours", "required"),
        ({"date": "2026-05-11"}, "date", "future"),
        ({"date": "2026-03-31"}, "date", "dates of your program"),
        ({"date": "last week"}, "date", "Please enter a date"),
        ({"reflection": ""}, "reflection", "a few words"),
    ],
)
def test_bad_hours_are_explained_next_to_their_field_and_kept(client, participant, practicum, changes, field, message):
    client.force_login(participant.user)
    response = client.post(LOG, form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    for name, value in form(**changes).items():
        assert response.context["form"].data[name] == value
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_the_date_picker_offers_the_days_that_can_count(client, participant, practicum, log_practicum):
    client.force_login(participant.user)
    entry = log_practicum()
    for url in (LOG, reverse("practicum:edit", args=[entry.public_id])):
        page = client.get(url).content.decode()
        tag = next(tag for tag in page.split("<input") if 'name="date"' in tag)
        assert 'min="2026-04-01"' in tag and 'max="2026-05-10"' in tag


@pytest.mark.django_db
def test_a_full_day_is_refused(client, participant, practicum, log_practicum):
    log_practicum("20", date=datetime.date(2026, 5, 9))
    client.force_login(participant.user)
    response = client.post(LOG, form(hours="4.25"))
    assert "already logged 20 hours on that day" in " ".join(response.context["form"].errors["hours"])


@pytest.mark.django_db
def test_someone_elses_entry_cannot_be_opened_or_changed(client, participant, other_participant, log_practicum):
    services.practicum_set(participant=participant, host_agency="H", supervisor_name="S", supervisor_email="s@x.ex")
    entry = log_practicum()
    url = reverse("practicum:edit", args=[entry.public_id])
    client.force_login(other_participant.user)
    assert client.get(url).status_code == 404
    assert client.post(url, form(hours="5")).status_code == 404
    assert client.get(reverse("practicum:edit", args=[uuid.uuid4()])).status_code == 404
    assert HourEntry.objects.get().hours == Decimal(1)


@pytest.mark.django_db
def test_a_self_care_entry_is_not_opened_as_practicum(client, participant, log):
    entry = log()
    client.force_login(participant.user)
    assert client.get(reverse("practicum:edit", args=[entry.public_id])).status_code == 404


@pytest.mark.django_db
def test_declined_hours_show_the_supervisors_words_and_are_sent_again(client, participant, practicum, log_practicum):
    entry = log_practicum("3", date=datetime.date(2026, 5, 9))
    old_token = token_of(entry)
    services.supervisor_confirmation_decide(
        confirmation=confirmation_of(entry), decision="decline", comment="We were closed that Friday"
    )
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Declined by your supervisor" in page and "We were closed that Friday" in page
    url = reverse("practicum:edit", args=[entry.public_id])
    response = client.get(url)
    assert "We were closed that Friday" in response.content.decode()
    assert response.context["form"].initial["hours"] == Decimal("3")
    client.post(url, form(date="2026-05-08", hours="3"))
    entry.refresh_from_db()
    assert (entry.status, entry.date) == (S.SUBMITTED, datetime.date(2026, 5, 8))
    assert client.get(link_url(old_token)).status_code == 410
    assert client.get(link_url(token_of(entry))).status_code == 200


@pytest.mark.django_db
def test_confirmed_hours_show_who_confirmed_and_cannot_be_changed(client, participant, practicum, log_practicum):
    entry = log_practicum("2.25")
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm")
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Confirmed by Sam Rivera on May 10, 2026" in page
    url = reverse("practicum:edit", args=[entry.public_id])
    assert client.post(url, form(hours="5")).url == MINE
    assert HourEntry.objects.get().hours == Decimal("2.25")
    confirmer_verify(email=practicum.supervisor_email, name="Sam Rivera", organisation="", method="agreement", by=None)
    assert "2.25 of 12 hours approved" in client.get(reverse("requirements_tracking:mine")).content.decode()


# --- The supervisor's link ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_link_page_shows_who_where_when_and_how_long_but_never_the_reflection(client, practicum, log_practicum):
    token = token_of(log_practicum("2.25", reflection="Something very private"))
    response = client.get(link_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("Participant Cora", "Harbor House", "May 10, 2026", "2.25", "Confirm these hours"):
        assert shown in page, shown
    assert "Something very private" not in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_supervisor_confirms_through_the_link_once(client, practicum, log_practicum):
    token = token_of(log_practicum("2.25"))
    assert client.get(answer_url(token)).status_code == 405
    response = client.post(answer_url(token), {"decision": "confirm"})
    assert response.status_code == 200 and "You confirmed these hours" in response.content.decode()
    assert HourEntry.objects.get().status == S.APPROVED
    again = client.post(answer_url(token), {"decision": "decline", "comment": "Oops"})
    assert again.status_code == 410 and "already been answered" in again.content.decode()
    opened = client.get(link_url(token))
    assert opened.status_code == 410 and "already been answered" in opened.content.decode()
    assert HourEntry.objects.get().status == S.APPROVED


@pytest.mark.django_db
def test_declining_through_the_link_needs_a_comment(client, practicum, log_practicum):
    token = token_of(log_practicum())
    response = client.post(answer_url(token), {"decision": "decline", "comment": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please write a few words" in page and 'aria-invalid="true"' in page
    assert HourEntry.objects.get().status == S.SUBMITTED
    response = client.post(answer_url(token), {"decision": "decline", "comment": "Not that day"})
    assert "You declined these hours" in response.content.decode()
    assert HourEntry.objects.get().status == S.RETURNED


@pytest.mark.django_db
def test_a_made_up_decision_changes_nothing(client, practicum, log_practicum):
    token = token_of(log_practicum())
    response = client.post(answer_url(token), {"decision": "approve-everything"})
    assert response.status_code == 200 and "Please choose Confirm or Decline" in response.content.decode()
    assert HourEntry.objects.get().status == S.SUBMITTED


@pytest.mark.django_db
def test_unknown_expired_and_replaced_links_get_a_calm_page(client, practicum, log_practicum, time_machine):
    unknown = client.get(link_url("not-a-real-token"))
    assert unknown.status_code == 404 and "This link does not work" in unknown.content.decode()
    entry = log_practicum()
    old = token_of(entry)
    services.supervisor_confirmation_resend(entry=entry)
    replaced = client.get(link_url(old))
    assert replaced.status_code == 410 and "replaced by a newer one" in replaced.content.decode()
    new = token_of(entry)
    time_machine.move_to(datetime.datetime(2026, 6, 15, tzinfo=datetime.UTC))
    expired = client.get(link_url(new))
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert client.post(answer_url(new), {"decision": "confirm"}).status_code == 410
    assert HourEntry.objects.get().status == S.SUBMITTED


@pytest.mark.django_db
def test_too_many_link_attempts_are_slowed_down(client):
    statuses = {client.get(link_url(f"guess-{n}")).status_code for n in range(31)}
    assert statuses == {404, 429}


# --- The supervisor, signed in --------------------------------------------------------------


@pytest.fixture
def sponsor_practicum(participant, sponsor):
    return services.practicum_set(
        participant=participant, host_agency="Harbor House", supervisor_name="Sam", supervisor_email=sponsor.email
    )


@pytest.mark.django_db
def test_a_signed_in_supervisor_confirms_and_declines(client, sponsor, sponsor_practicum, log_practicum):
    first = log_practicum("2.25", reflection="Private words")
    second = log_practicum("1", date=TODAY - datetime.timedelta(days=1))
    client.force_login(sponsor)
    page = client.get(SUPERVISE).content.decode()
    assert "Participant Cora" in page and "Harbor House" in page and "Private words" not in page
    answer = reverse("practicum:supervise_answer", args=[first.public_id])
    response = client.post(answer, {"decision": "confirm"}, follow=True)
    assert "You confirmed Participant Cora" in response.content.decode()
    first.refresh_from_db()
    assert (first.status, first.reviewed_by) == (S.APPROVED, sponsor)
    assert "already been answered" in client.post(answer, {"decision": "confirm"}, follow=True).content.decode()
    decline = reverse("practicum:supervise_answer", args=[second.public_id])
    assert "Please write a few words" in client.post(decline, {"decision": "decline"}, follow=True).content.decode()
    client.post(decline, {"decision": "decline", "comment": "Not that day"})
    second.refresh_from_db()
    assert second.status == S.RETURNED
    assert "No practicum hours are waiting for you" in client.get(SUPERVISE).content.decode()


@pytest.mark.django_db
def test_another_sponsor_cannot_answer(client, sponsor_without_consent, sponsor_practicum, log_practicum):
    entry = log_practicum()
    client.force_login(sponsor_without_consent)
    assert "Participant Cora" not in client.get(SUPERVISE).content.decode()
    url = reverse("practicum:supervise_answer", args=[entry.public_id])
    assert client.post(url, {"decision": "confirm"}).status_code == 404
    assert HourEntry.objects.get().status == S.SUBMITTED


# --- Program staff --------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_see_who_confirmed_what_and_resend_a_link(
    client, program_staff, participant, other_participant, sponsor, log_practicum
):
    services.practicum_set(
        participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email="s@h.ex"
    )
    by_link = log_practicum("2")
    services.supervisor_confirmation_decide(confirmation=confirmation_of(by_link), decision="confirm")
    declined = log_practicum("1", date=TODAY - datetime.timedelta(days=1))
    services.supervisor_confirmation_decide(confirmation=confirmation_of(declined), decision="decline", comment="No")
    services.practicum_set(
        participant=other_participant, host_agency="Bright", supervisor_name="Lee", supervisor_email=sponsor.email
    )
    signed_in = log_practicum("3", who=other_participant)
    services.supervisor_confirmation_decide(confirmation=confirmation_of(signed_in), decision="confirm", by=sponsor)
    waiting = log_practicum("0.5", date=TODAY - datetime.timedelta(days=2))

    client.force_login(program_staff)
    page = client.get(STAFF).content.decode()
    assert "by Sam, through the email link, on May 10, 2026" in page
    assert f"by {sponsor}, signed in, on May 10, 2026" in page
    assert "Participant Dee" in page and "Bright" in page and "Declined" in page and WHAT_I_DID not in page
    assert page.count("Send a new link") == 1
    response = client.post(reverse("practicum:staff_resend", args=[waiting.public_id]), follow=True)
    assert "A new link went to s@h.ex" in response.content.decode()
    assert waiting.supervisor_confirmations.filter(status=C.REPLACED).count() == 1
    refused = client.post(reverse("practicum:staff_resend", args=[by_link.public_id]), follow=True)
    assert "Only hours waiting for the supervisor" in refused.content.decode()
    # The hours inbox is for self-care hours: practicum hours are not there.
    inbox = client.get(reverse("requirements_tracking_staff:inbox")).content.decode()
    assert "No hours are waiting for review" in inbox


@pytest.mark.django_db
def test_the_staff_page_filters_by_cohort(client, program_staff, participant, practicum, log_practicum):
    log_practicum()
    client.force_login(program_staff)
    other = CohortFactory(year=2027)
    assert "No practicum hours from this cohort yet" in client.get(STAFF, {"cohort": other.pk}).content.decode()
    assert "Participant Cora" in client.get(STAFF, {"cohort": participant.cohort.pk}).content.decode()
    assert client.get(STAFF, {"cohort": "nope", "page": "x"}).status_code == 200


# --- Query counts ----------------------------------------------------------------------------


def _practicum_entries(participant, count, *, start=0, supervisor_user=None):
    """Entries with every kind of answer: waiting, confirmed by link or signed in, declined."""
    practicum = Practicum.objects.filter(participant=participant, is_current=True).first() or Practicum.objects.create(
        participant=participant,
        host_agency="Harbor",
        supervisor_name="Sam",
        supervisor_email="sam@example.org",
        supervisor_user=supervisor_user,
    )
    requirement = participant.cohort.requirement_set.requirements.get(category="practicum")
    for n in range(start, start + count):
        status = [S.SUBMITTED, S.APPROVED, S.RETURNED][n % 3]
        entry = HourEntry.objects.create(
            participant=participant,
            requirement=requirement,
            practicum=practicum,
            kind="practicum",
            date=datetime.date(2026, 4, 1) + datetime.timedelta(days=n % 39),
            hours=Decimal("0.25"),
            reflection="r",
            status=status,
        )
        answered = {S.SUBMITTED: C.PENDING, S.APPROVED: C.CONFIRMED, S.RETURNED: C.DECLINED}[status]
        SupervisorConfirmation.objects.create(
            entry=entry,
            practicum=practicum,
            token_hash=uuid.uuid4().hex,
            status=answered,
            expires_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
            decided_at=None if answered == C.PENDING else datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
            decided_by=supervisor_user if n % 2 and answered != C.PENDING else None,
            comment="no" if answered == C.DECLINED else "",
        )


@pytest.mark.django_db
def test_the_practicum_pages_cost_the_same_with_3_or_30_entries(client, participant, program_staff, sponsor):
    _practicum_entries(participant, 3, supervisor_user=sponsor)
    client.force_login(participant.user)
    counts = assert_queries_do_not_grow(
        client, [MINE], lambda: _practicum_entries(participant, 27, start=3, supervisor_user=sponsor)
    )
    print("participant practicum page queries:", counts)


@pytest.mark.django_db
def test_the_staff_page_costs_the_same_with_3_or_30_entries(client, participant, program_staff, sponsor):
    people = [participant, *(ParticipantFactory(cohort=participant.cohort) for _ in range(2))]
    for person in people:
        _practicum_entries(person, 1, supervisor_user=sponsor)
    client.force_login(program_staff)

    def grow():
        for n in range(27):
            _practicum_entries(ParticipantFactory(cohort=participant.cohort), 1, start=n, supervisor_user=sponsor)

    counts = assert_queries_do_not_grow(client, [STAFF, f"{STAFF}?cohort={participant.cohort.pk}"], grow)
    print("staff practicum page queries:", counts)


@pytest.mark.django_db
def test_the_supervisor_page_costs_the_same_with_3_or_30_entries(client, participant, sponsor):
    _practicum_entries(participant, 3, supervisor_user=sponsor)
    client.force_login(sponsor)

    def grow():
        for n in range(9):
            _practicum_entries(ParticipantFactory(cohort=participant.cohort), 3, start=n, supervisor_user=sponsor)

    counts = assert_queries_do_not_grow(client, [SUPERVISE], grow)
    print("supervisor page queries:", counts)


# --- Property test -------------------------------------------------------------------------


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(date=typed_value, hours=typed_value, reflection=typed_value)
def test_the_log_form_never_fails_and_keeps_what_was_typed(client, participant, date, hours, reflection):
    HourEntry.objects.all().delete()
    Practicum.objects.all().delete()
    services.practicum_set(participant=participant, host_agency="H", supervisor_name="S", supervisor_email="s@x.ex")
    client.force_login(participant.user)
    sent = {"date": date, "hours": hours, "reflection": reflection}
    response = client.post(LOG, sent)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        kept = response.context["form"].data
        for name, typed in sent.items():
            assert kept.get(name) in (typed, typed.replace("\r\n", "\n").replace("\r", "\n"))
        assert not HourEntry.objects.exists()
    else:
        entry = HourEntry.objects.get()
        assert entry.status == S.SUBMITTED and Decimal(0) < entry.hours <= 24


@pytest.mark.django_db
def test_a_withdrawn_participant_is_told_why_the_practicum_cannot_change(client, participant):
    participant.status = participant.Status.WITHDRAWN
    participant.save()
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Save practicum details" not in page and "Log practicum hours" not in page
    response = client.post(MINE, host())
    assert "while you are enrolled or on leave" in response.content.decode()
    assert not Practicum.objects.exists()
