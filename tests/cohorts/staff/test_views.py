"""Program staff's cohort pages: what they show, what they refuse and how they say it.
Who may open them is in tests/test_permission_matrix.py."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts import services
from cohorts.models import Cohort, Participant, ParticipantStatusChange, ProgressExpectation, RequirementSet
from cpse.audit.models import AccessLogEntry
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

PS = Participant.Status
LIST = reverse("cohorts_staff:cohort_list")
CREATE = reverse("cohorts_staff:cohort_create")
SETS = reverse("cohorts_staff:requirement_set_list")


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def cohort_form(year=2027, requirement_set=None, **changes) -> dict:
    requirement_set = requirement_set or RequirementSet.objects.order_by("pk").first()
    return {
        "year": str(year),
        "requirement_set": str(requirement_set.pk),
        "applications_open": f"{year}-01-05",
        "applications_close": f"{year}-03-15",
        "program_start": f"{year}-04-01",
        "program_end": f"{year}-12-15",
        "intensive_start": f"{year}-06-08",
        "intensive_end": f"{year}-06-12",
        "graduation_date": f"{year}-12-20",
        "capacity": "25",
        "fee": "3500",
    } | changes


def form_data(form) -> dict:
    """What the browser sends back for an unbound form as shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Cohorts -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_cohort_list_has_an_empty_state(staff_client):
    Cohort.objects.all().delete()
    response = staff_client.get(LIST)
    assert "No cohorts yet" in response.text
    assert CREATE in response.text


@pytest.mark.django_db
def test_the_cohort_list_counts_participants_by_status(staff_client, cohort):
    ParticipantFactory.create_batch(2, cohort=cohort)
    ParticipantFactory(cohort=cohort, status=PS.ON_LEAVE)
    response = staff_client.get(LIST)
    listed = response.context["cohorts"][0]
    assert (listed.count_enrolled, listed.count_on_leave, listed.count_withdrawn) == (2, 1, 0)
    assert str(cohort.requirement_set) in response.text


@pytest.mark.django_db
def test_the_cohort_list_costs_the_same_for_3_and_30_cohorts(staff_client):
    for year in range(2030, 2033):
        ParticipantFactory(cohort=CohortFactory(year=year))

    def grow():
        for year in range(2033, 2060):
            ParticipantFactory(cohort=CohortFactory(year=year))

    assert_queries_do_not_grow(staff_client, [LIST], grow)


@pytest.mark.django_db
def test_staff_create_a_cohort_with_the_fee_in_dollars(staff_client, cohort):
    response = staff_client.post(CREATE, cohort_form(fee="3500.50"))
    created = Cohort.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts_staff:cohort_detail", args=[created.pk])
    assert created.fee_cents == 350_050
    assert created.credential_id == cohort.credential_id


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"year": "next year"}, "year", "Please enter a year"),
        ({"capacity": "many"}, "capacity", "whole number"),
        ({"capacity": "0"}, "capacity", "at least one place"),
        ({"fee": "lots"}, "fee", "amount in dollars"),
        ({"fee": "-5"}, "fee", "below 0"),
        ({"fee": "10.123"}, "fee", "dollars and cents"),
        ({"program_start": "soon"}, "program_start", "Please enter a date"),
        ({"requirement_set": "999999"}, "requirement_set", "requirement sets listed"),
        ({"year": "2026"}, "year", "already a 2026 cohort"),
        ({"applications_close": "2027-01-01"}, "applications_close", "cannot close before they open"),
        ({"applications_close": "2027-05-01"}, "applications_close", "before the program starts"),
        ({"program_end": "2027-03-01"}, "program_end", "cannot end before it starts"),
        ({"intensive_start": "2027-03-20"}, "intensive_start", "within the program dates"),
        ({"graduation_date": "2027-12-01"}, "graduation_date", "on or after the last day"),
    ],
)
@pytest.mark.django_db
def test_a_refused_cohort_says_why_and_keeps_what_was_typed(staff_client, cohort, changes, field, words):
    data = cohort_form(**changes) if "requirement_set" not in changes else cohort_form() | changes
    response = staff_client.post(CREATE, data)
    assert response.status_code == 200
    assert any(words in message for message in errors(response)[field]), errors(response)
    assert "Everything you typed is still here" in response.text
    assert f'value="{data[field]}"' in response.text or field == "requirement_set"
    assert not Cohort.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_editing_shows_the_cohort_as_it_is(staff_client, cohort):
    response = staff_client.get(reverse("cohorts_staff:cohort_edit", args=[cohort.pk]))
    assert response.context["form"]["fee"].value() == "3500.00"  # as the reader writes it (cpse.numbers)
    assert 'value="2026-04-01"' in response.text


@pytest.mark.django_db
def test_the_set_of_a_cohort_with_participants_is_not_changed(staff_client, cohort, participant):
    copy = services.requirement_set_copy(source=cohort.requirement_set, name="CPSE 2027")
    url = reverse("cohorts_staff:cohort_edit", args=[cohort.pk])
    response = staff_client.post(url, cohort_form(2026, requirement_set=copy))
    assert "would change their progress" in errors(response)["requirement_set"][0]
    cohort.refresh_from_db()
    assert cohort.requirement_set_id != copy.pk


@pytest.mark.django_db
def test_capacity_cannot_go_below_the_people_taking_part(staff_client, cohort):
    ParticipantFactory.create_batch(2, cohort=cohort)
    url = reverse("cohorts_staff:cohort_edit", args=[cohort.pk])
    response = staff_client.post(url, cohort_form(2026, capacity="1"))
    assert "at least 2 places" in errors(response)["capacity"][0]
    response = staff_client.post(url, cohort_form(2026, capacity="2"))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 2


@pytest.mark.django_db
def test_the_cohort_page_lists_participants_without_logging_a_record_view(staff_client, cohort, participant):
    ParticipantFactory(cohort=cohort, status=PS.WITHDRAWN, user__display_name="Participant Eve")
    response = staff_client.get(reverse("cohorts_staff:cohort_detail", args=[cohort.pk]))
    assert "Participant Cora" in response.text
    assert "Participant Eve" in response.text
    assert "Withdrawn" in response.text
    assert reverse("cohorts_staff:participant_detail", args=[participant.public_id]) in response.text
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_the_cohort_page_has_an_empty_state(staff_client, cohort):
    response = staff_client.get(reverse("cohorts_staff:cohort_detail", args=[cohort.pk]))
    assert "Nobody is enrolled in this cohort yet." in response.text


@pytest.mark.django_db
def test_the_cohort_page_costs_the_same_for_3_and_30_participants(staff_client, cohort):
    ParticipantFactory.create_batch(3, cohort=cohort)
    url = reverse("cohorts_staff:cohort_detail", args=[cohort.pk])
    assert_queries_do_not_grow(staff_client, [url], lambda: ParticipantFactory.create_batch(27, cohort=cohort))


@pytest.mark.django_db
def test_a_large_cohort_is_paginated(staff_client, cohort):
    cohort.capacity = 60
    cohort.save()
    ParticipantFactory.create_batch(55, cohort=cohort)
    url = reverse("cohorts_staff:cohort_detail", args=[cohort.pk])
    assert len(staff_client.get(url).context["page_obj"].object_list) == 50
    assert len(staff_client.get(url, {"page": 2}).context["page_obj"].object_list) == 5


# --- Participants --------------------------------------------------------------------


def participant_url(name, participant):
    return reverse(f"cohorts_staff:{name}", args=[participant.public_id])


@pytest.mark.django_db
def test_the_participant_page_shows_the_history_and_logs_the_view(staff_client, program_staff, participant):
    services.participant_leave(participant=participant, by=program_staff, reason="Caring for a parent")
    response = staff_client.get(participant_url("participant_detail", participant))
    assert "Caring for a parent" in response.text
    assert "Welcome back from leave" in response.text
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind) == (
        program_staff,
        participant.user,
        AccessLogEntry.RecordKind.PARTICIPANT,
    )


@pytest.mark.django_db
def test_leave_and_return_with_a_double_click(staff_client, participant):
    url = participant_url("participant_leave", participant)
    first = staff_client.post(url, {"reason": "Needs a break"}, follow=True)
    assert "Participant Cora is now on leave." in page_messages(first)
    second = staff_client.post(url, {"reason": "Needs a break"}, follow=True)
    assert "Participant Cora is already on leave." in page_messages(second)
    assert ParticipantStatusChange.objects.count() == 1

    back = staff_client.post(participant_url("participant_return", participant), follow=True)
    assert "Welcome back: Participant Cora is enrolled again." in page_messages(back)
    participant.refresh_from_db()
    assert participant.status == PS.ENROLLED


@pytest.mark.django_db
def test_a_too_long_reason_is_refused_with_a_message(staff_client, participant):
    response = staff_client.post(participant_url("participant_leave", participant), {"reason": "x" * 2001}, follow=True)
    assert any("2000" in message for message in page_messages(response))
    participant.refresh_from_db()
    assert participant.status == PS.ENROLLED


@pytest.mark.django_db
def test_withdrawing_asks_first_and_acts_once(staff_client, participant):
    url = participant_url("participant_withdraw", participant)
    confirm = staff_client.get(url)
    assert "Withdraw Participant Cora from the program?" in confirm.text
    assert "Yes, withdraw" in confirm.text
    participant.refresh_from_db()
    assert participant.status == PS.ENROLLED

    first = staff_client.post(url, {"reason": "Moving away"}, follow=True)
    assert "Participant Cora is withdrawn. Their record and hours are kept." in page_messages(first)
    second = staff_client.post(url, {"reason": "Moving away"}, follow=True)
    assert "Participant Cora has already withdrawn." in page_messages(second)
    change = ParticipantStatusChange.objects.get()
    assert (change.to_status, change.reason) == (PS.WITHDRAWN, "Moving away")


@pytest.mark.django_db
def test_transferring_asks_first_and_moves_the_participant(staff_client, participant, cohort):
    later = CohortFactory(year=2027)
    url = participant_url("participant_transfer", participant)
    confirm = staff_client.get(url)
    assert "Move Participant Cora to a later cohort?" in confirm.text
    assert list(confirm.context["form"].fields["cohort"].queryset) == [later]

    response = staff_client.post(url, {"cohort": str(later.pk), "reason": "Needs more time"}, follow=True)
    assert "Participant Cora is now enrolled in the 2027 cohort, with all their hours." in page_messages(response)
    participant.refresh_from_db()
    assert participant.cohort_id == later.pk

    # A second click: the person is already in the 2027 cohort, and there is nowhere later.
    again = staff_client.post(url, {"cohort": str(later.pk)})
    assert again.status_code == 200
    assert "Please choose one of the cohorts listed." in errors(again)["cohort"]
    assert ParticipantStatusChange.objects.count() == 1


@pytest.mark.django_db
def test_transferring_without_a_later_cohort_says_so(staff_client, participant):
    response = staff_client.get(participant_url("participant_transfer", participant))
    assert "There is no later cohort with a free place yet." in response.text


@pytest.mark.django_db
def test_a_finished_participant_has_no_status_actions(staff_client, cohort):
    finished = ParticipantFactory(cohort=cohort, status=PS.CERTIFIED)
    response = staff_client.get(participant_url("participant_detail", finished))
    assert "has finished the program" in response.text
    assert participant_url("participant_withdraw", finished) not in response.text
    refused = staff_client.post(participant_url("participant_withdraw", finished), follow=True)
    assert any("cannot be done" in message for message in page_messages(refused)), page_messages(refused)


# --- Requirement sets ----------------------------------------------------------------


def edit_url(requirement_set):
    return reverse("cohorts_staff:requirement_set_edit", args=[requirement_set.pk])


@pytest.fixture
def unlocked_set(cohort):
    return services.requirement_set_copy(source=cohort.requirement_set, name="CPSE requirements 2027")


@pytest.mark.django_db
def test_the_set_list_shows_amounts_cohorts_and_locks(staff_client, cohort, participant, unlocked_set):
    response = staff_client.get(SETS)
    assert "10 hours" in response.text
    assert "2026 cohort" in response.text
    listed = {s.pk: s.locked for s in response.context["requirement_sets"]}
    assert listed == {cohort.requirement_set_id: True, unlocked_set.pk: False}
    assert edit_url(unlocked_set) in response.text
    assert edit_url(cohort.requirement_set) not in response.text


@pytest.mark.django_db
def test_the_set_list_costs_the_same_for_3_and_30_sets(staff_client, cohort, participant):
    source = cohort.requirement_set
    for number in range(2):
        services.requirement_set_copy(source=source, name=f"Set {number}")

    def grow():
        for number in range(2, 29):
            copy = services.requirement_set_copy(source=source, name=f"Set {number}")
            CohortFactory(year=2030 + number, requirement_set=copy)

    assert_queries_do_not_grow(staff_client, [SETS], grow)


@pytest.mark.django_db
def test_staff_copy_a_set(staff_client, cohort):
    url = reverse("cohorts_staff:requirement_set_copy", args=[cohort.requirement_set_id])
    assert staff_client.get(url).context["form"]["name"].value().endswith("(copy)")
    response = staff_client.post(url, {"name": "CPSE requirements 2027"})
    copy = RequirementSet.objects.get(name="CPSE requirements 2027")
    assert response["Location"] == edit_url(copy)
    assert copy.requirements.count() == cohort.requirement_set.requirements.count()


@pytest.mark.parametrize("name", ["", "   "])
@pytest.mark.django_db
def test_a_copy_needs_a_name(staff_client, cohort, name):
    url = reverse("cohorts_staff:requirement_set_copy", args=[cohort.requirement_set_id])
    response = staff_client.post(url, {"name": name})
    assert "Please give the set a name" in errors(response)["name"][0]
    assert RequirementSet.objects.count() == 1


@pytest.mark.django_db
def test_a_locked_set_explains_and_offers_a_copy(staff_client, cohort, participant):
    requirement_set = cohort.requirement_set
    response = staff_client.get(edit_url(requirement_set))
    assert "cannot be changed" in response.text
    assert reverse("cohorts_staff:requirement_set_copy", args=[requirement_set.pk]) in response.text
    staff_client.post(edit_url(requirement_set), {"name": "Changed"})
    requirement_set.refresh_from_db()
    assert requirement_set.name != "Changed"


def set_form(client, requirement_set) -> tuple[dict, object]:
    form = client.get(edit_url(requirement_set)).context["form"]
    return form_data(form), form


@pytest.mark.django_db
def test_the_sets_name_is_saved_with_its_spanish(staff_client, unlocked_set):
    data, _form = set_form(staff_client, unlocked_set)
    assert 'name="name_es"' in staff_client.get(edit_url(unlocked_set)).text
    assert staff_client.post(edit_url(unlocked_set), data | {"name_es": " Requisitos de CPSE 2027 "}).status_code == 302
    unlocked_set.refresh_from_db()
    assert (unlocked_set.name, unlocked_set.name_es) == ("CPSE requirements 2027", "Requisitos de CPSE 2027")


@pytest.mark.django_db
def test_staff_change_an_unlocked_set(staff_client, unlocked_set):
    self_care = unlocked_set.requirements.get(category="self_care")
    data, _form = set_form(staff_client, unlocked_set)
    data |= {
        f"amount_{self_care.pk}": "12.5",
        f"expectation_{self_care.pk}_0_months": "3",
        f"expectation_{self_care.pk}_0_amount": "4",
        f"expectation_{self_care.pk}_1_months": "6",
        f"expectation_{self_care.pk}_1_amount": "9.75",
        "requires_interview": "",
    }
    response = staff_client.post(edit_url(unlocked_set), data)
    assert response.status_code == 302, errors(response)
    self_care.refresh_from_db()
    assert self_care.amount == Decimal("12.5")
    assert list(self_care.expectations.values_list("months_after_start", "amount")) == [
        (3, Decimal("4")),
        (6, Decimal("9.75")),
    ]
    unlocked_set.refresh_from_db()
    assert unlocked_set.requires_interview is False

    # The saved rows come back, with two empty rows; emptying a row removes it.
    data, form = set_form(staff_client, unlocked_set)
    assert len(form.rows[self_care.pk]) == 4
    data[f"expectation_{self_care.pk}_0_months"] = data[f"expectation_{self_care.pk}_0_amount"] = ""
    assert staff_client.post(edit_url(unlocked_set), data).status_code == 302
    assert list(ProgressExpectation.objects.filter(requirement=self_care).values_list("months_after_start")) == [(6,)]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": "ten"}, "amount", "Please enter a number"),
        ({"amount": "0"}, "amount", "above 0"),
        ({"amount": "10.1"}, "amount", "quarter hours"),
        ({"amount": "10.125"}, "amount", "quarter hours"),
        ({"months": "soon", "row_amount": "2"}, "months", "whole number"),
        ({"months": "30", "row_amount": "2"}, "months", "from 1 to 24"),
        ({"months": "3", "row_amount": "11"}, "row_amount", "at most 10"),
        ({"months": "3", "row_amount": "lots"}, "row_amount", "Please enter a number"),
        ({"months": "3"}, "row_amount", "fill in both"),
        ({"row_amount": "2"}, "months", "fill in both"),
        ({"name": ""}, "name", "required"),
        ({"appeal_days": "a month"}, "appeal_days", "whole number"),
    ],
)
@pytest.mark.django_db
def test_a_refused_set_says_why_next_to_the_field(staff_client, unlocked_set, changes, field, words):
    self_care = unlocked_set.requirements.get(category="self_care")
    names = {
        "amount": f"amount_{self_care.pk}",
        "months": f"expectation_{self_care.pk}_0_months",
        "row_amount": f"expectation_{self_care.pk}_0_amount",
        "name": "name",
        "appeal_days": "appeal_days",
    }
    data, _form = set_form(staff_client, unlocked_set)
    data |= {names[key]: value for key, value in changes.items()}
    response = staff_client.post(edit_url(unlocked_set), data)
    assert response.status_code == 200
    found = errors(response).get(names[field], [])
    assert any(words.lower() in message.lower() for message in found), errors(response)
    self_care.refresh_from_db()
    assert self_care.amount == Decimal("10")
    assert not ProgressExpectation.objects.exists()


@pytest.mark.django_db
def test_too_many_check_ins_are_refused_with_the_typed_number_kept(staff_client, unlocked_set):
    checkins = unlocked_set.requirements.get(category="checkins")
    data, _form = set_form(staff_client, unlocked_set)
    response = staff_client.post(edit_url(unlocked_set), data | {f"amount_{checkins.pk}": "30"})
    assert errors(response)[f"amount_{checkins.pk}"] == ["Please enter a number of check-ins from 1 to 24."]
    assert response.context["form"][f"amount_{checkins.pk}"].value() == "30"
    checkins.refresh_from_db()
    assert checkins.amount == Decimal("12")


@pytest.mark.django_db
def test_the_same_month_twice_is_refused(staff_client, unlocked_set):
    self_care = unlocked_set.requirements.get(category="self_care")
    data, _form = set_form(staff_client, unlocked_set)
    data |= {
        f"expectation_{self_care.pk}_0_months": "3",
        f"expectation_{self_care.pk}_0_amount": "2",
        f"expectation_{self_care.pk}_1_months": "3",
        f"expectation_{self_care.pk}_1_amount": "4",
    }
    response = staff_client.post(edit_url(unlocked_set), data)
    assert errors(response)[f"expectation_{self_care.pk}_1_months"] == ["This month is already listed above."]


@pytest.mark.django_db
def test_the_issue_example_through_the_pages(staff_client, program_staff):
    """2025 and 2026 share a set with participants; staff copy it for 2027 on the pages,
    choose it for 2027, change it; the shared set cannot be changed."""
    cohort_2025, cohort_2026, cohort_2027 = (CohortFactory(year=year) for year in (2025, 2026, 2027))
    shared = cohort_2025.requirement_set
    ParticipantFactory(cohort=cohort_2025)
    ParticipantFactory(cohort=cohort_2026)

    staff_client.post(reverse("cohorts_staff:requirement_set_copy", args=[shared.pk]), {"name": "CPSE 2027"})
    copy = RequirementSet.objects.get(name="CPSE 2027")
    edit = reverse("cohorts_staff:cohort_edit", args=[cohort_2027.pk])
    assert staff_client.post(edit, cohort_form(2027, requirement_set=copy)).status_code == 302
    self_care = copy.requirements.get(category="self_care")
    data, _form = set_form(staff_client, copy)
    data[f"amount_{self_care.pk}"] = "15"
    assert staff_client.post(edit_url(copy), data).status_code == 302

    assert shared.requirements.get(category="self_care").amount == Decimal("10")
    assert "cannot be changed" in staff_client.get(edit_url(shared)).text
    cohort_2027.refresh_from_db()
    assert cohort_2027.requirement_set_id == copy.pk


@pytest.mark.django_db
def test_dates_in_the_form_are_iso(staff_client, cohort):
    """The date inputs need ISO dates whatever the language."""
    response = staff_client.get(reverse("cohorts_staff:cohort_edit", args=[cohort.pk]), HTTP_ACCEPT_LANGUAGE="es")
    assert f'value="{datetime.date(2026, 4, 1).isoformat()}"' in response.text


@pytest.mark.django_db
def test_staff_ask_for_a_document_with_each_entry_of_a_requirement(staff_client, unlocked_set):
    """Offered for the hours participants log themselves (self-care), not for those from
    attendance or confirmed by a supervisor; a copy of the set keeps the choice."""
    self_care = unlocked_set.requirements.get(category="self_care")
    online = unlocked_set.requirements.get(category="online")
    data, form = set_form(staff_client, unlocked_set)
    assert f"evidence_{self_care.pk}" in form.fields and f"evidence_{online.pk}" not in form.fields
    assert staff_client.post(edit_url(unlocked_set), data | {f"evidence_{self_care.pk}": "on"}).status_code == 302
    self_care.refresh_from_db()
    assert self_care.evidence_required is True
    copy = services.requirement_set_copy(source=unlocked_set, name="CPSE requirements 2028")
    assert copy.requirements.get(category="self_care").evidence_required is True

    data, form = set_form(staff_client, unlocked_set)
    assert data[f"evidence_{self_care.pk}"] == "on"  # shown ticked
    del data[f"evidence_{self_care.pk}"]
    assert staff_client.post(edit_url(unlocked_set), data).status_code == 302
    self_care.refresh_from_db()
    assert self_care.evidence_required is False
