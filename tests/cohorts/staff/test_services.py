"""Program staff's writes on cohorts, requirement sets and participants' status."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection

from cohorts import selectors, services
from cohorts.models import Cohort, Participant, ParticipantStatusChange, ProgressExpectation, Requirement
from cohorts.services import CohortDetails, ExpectationRow, RequirementSetChanges
from requirements_tracking.hours.selectors import loggable_requirement
from requirements_tracking.hours.services import hour_entry_approve, hour_entry_submit
from requirements_tracking.progress import participant_progress
from tests.factories import CohortFactory, ParticipantFactory, UserFactory

PS = Participant.Status


def details_for(year: int, requirement_set, **changes) -> CohortDetails:
    details = CohortDetails(
        requirement_set=requirement_set,
        year=year,
        applications_open=datetime.date(year, 1, 5),
        applications_close=datetime.date(year, 3, 15),
        program_start=datetime.date(year, 4, 1),
        program_end=datetime.date(year, 12, 15),
        intensive_start=datetime.date(year, 6, 8),
        intensive_end=datetime.date(year, 6, 12),
        graduation_date=datetime.date(year, 12, 20),
        capacity=25,
        fee_cents=350_000,
    )
    return dataclasses.replace(details, **changes)


def changes_for(requirement_set, **overrides) -> RequirementSetChanges:
    """The set as it is now, as the edit form would send it back unchanged."""
    requirements = list(requirement_set.requirements.prefetch_related("expectations"))
    values = {
        "name": requirement_set.name,
        "eligibility": {name: getattr(requirement_set, name) for name in services.RULE_FIELDS},
        "amounts": {r.pk: r.amount for r in requirements if r.kind in services.EDITABLE_KINDS},
        "expectations": {
            r.pk: [ExpectationRow(e.months_after_start, e.amount) for e in r.expectations.all()]
            for r in requirements
            if r.kind == Requirement.Kind.HOURS
        },
    }
    return RequirementSetChanges(**(values | overrides))


def requirement(requirement_set, category) -> Requirement:
    return requirement_set.requirements.get(category=category)


def approved_hours(participant, staff, date, hours="2.5") -> None:
    entry = hour_entry_submit(
        participant=participant,
        requirement=loggable_requirement(participant),
        date=date,
        hours=Decimal(hours),
        kind="journaling",
        reflection="Time for myself",
        today=date,
    )
    hour_entry_approve(entry=entry, by=staff)


def progress_numbers(participant) -> list[tuple]:
    participant = Participant.objects.select_related("cohort").get(pk=participant.pk)
    return [
        (p.requirement.category, p.requirement.amount, p.approved, p.remaining)
        for p in participant_progress(participant)
    ]


# --- Cohorts -------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_create_a_cohort_with_the_credential_of_its_set(cohort):
    created = services.cohort_create(details=details_for(2027, cohort.requirement_set, fee_cents=250_050))
    assert created.credential_id == cohort.credential_id
    assert (created.year, created.fee_cents, created.capacity) == (2027, 250_050, 25)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": 2026}, "year"),
        ({"applications_close": datetime.date(2027, 1, 1)}, "applications_close"),
        ({"applications_close": datetime.date(2027, 4, 1)}, "applications_close"),
        ({"program_end": datetime.date(2027, 3, 31)}, "program_end"),
        ({"intensive_start": datetime.date(2027, 3, 30)}, "intensive_start"),
        ({"intensive_end": datetime.date(2027, 12, 16)}, "intensive_start"),
        ({"intensive_end": datetime.date(2027, 6, 7)}, "intensive_end"),
        ({"graduation_date": datetime.date(2027, 12, 14)}, "graduation_date"),
        ({"capacity": 0}, "capacity"),
        ({"fee_cents": -1}, "fee_cents"),
    ],
)
@pytest.mark.django_db
def test_every_cohort_rule_is_checked_with_a_message(cohort, changes, field):
    with pytest.raises(services.CohortInvalid) as refused:
        services.cohort_create(details=dataclasses.replace(details_for(2027, cohort.requirement_set), **changes))
    assert field in refused.value.errors
    assert all(message for message in refused.value.errors[field])
    assert not Cohort.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_boundaries_that_are_allowed(cohort):
    created = services.cohort_create(
        details=details_for(
            2027,
            cohort.requirement_set,
            applications_close=datetime.date(2027, 1, 5),  # open and close the same day
            intensive_start=datetime.date(2027, 4, 1),
            intensive_end=datetime.date(2027, 12, 15),
            graduation_date=datetime.date(2027, 12, 15),
            capacity=1,
            fee_cents=0,
        )
    )
    assert created.pk


@pytest.mark.django_db
def test_capacity_cannot_go_below_the_people_taking_part(cohort):
    ParticipantFactory.create_batch(3, cohort=cohort)
    ParticipantFactory(cohort=cohort, status=PS.WITHDRAWN)
    with pytest.raises(services.CohortInvalid) as refused:
        services.cohort_update(cohort=cohort, details=details_for(2026, cohort.requirement_set, capacity=2))
    assert "3" in refused.value.errors["capacity"][0]
    services.cohort_update(cohort=cohort, details=details_for(2026, cohort.requirement_set, capacity=3))
    cohort.refresh_from_db()
    assert cohort.capacity == 3


@pytest.mark.django_db
def test_the_set_of_a_cohort_with_participants_stays(cohort, participant):
    other = services.requirement_set_copy(source=cohort.requirement_set, name="Another set")
    with pytest.raises(services.CohortInvalid) as refused:
        services.cohort_update(cohort=cohort, details=details_for(2026, other))
    assert "requirement_set" in refused.value.errors
    cohort.refresh_from_db()
    assert cohort.requirement_set_id != other.pk
    # Other details can still change.
    services.cohort_update(cohort=cohort, details=details_for(2026, cohort.requirement_set, capacity=12))


@pytest.mark.django_db
def test_the_set_of_a_cohort_without_participants_can_change(cohort):
    other = services.requirement_set_copy(source=cohort.requirement_set, name="Another set")
    services.cohort_update(cohort=cohort, details=details_for(2026, other))
    cohort.refresh_from_db()
    assert cohort.requirement_set_id == other.pk


@pytest.mark.django_db
def test_a_cohort_keeps_its_own_year_when_edited(cohort):
    services.cohort_update(cohort=cohort, details=details_for(2026, cohort.requirement_set, capacity=20))
    CohortFactory(year=2027)
    with pytest.raises(services.CohortInvalid) as refused:
        services.cohort_update(cohort=cohort, details=details_for(2027, cohort.requirement_set))
    assert "year" in refused.value.errors


# --- Requirement sets ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_copy_has_everything_and_changes_nothing_in_the_source(cohort):
    source = cohort.requirement_set
    self_care = requirement(source, "self_care")
    ProgressExpectation.objects.create(requirement=self_care, months_after_start=3, amount=4)
    source.min_years_since_exit = 7
    source.save()

    copy = services.requirement_set_copy(source=source, name="  CPSE 2027  ")

    assert copy.name == "CPSE 2027"
    assert copy.min_years_since_exit == 7
    assert [(r.kind, r.category, r.amount, r.position) for r in copy.requirements.all()] == [
        (r.kind, r.category, r.amount, r.position) for r in source.requirements.all()
    ]
    copied = requirement(copy, "self_care")
    assert copied.pk != self_care.pk
    assert list(copied.expectations.values_list("months_after_start", "amount")) == [(3, Decimal("4"))]
    assert source.requirements.count() == copy.requirements.count()


@pytest.mark.parametrize("name", ["", "   ", "cpse requirements"])
@pytest.mark.django_db
def test_a_copy_needs_a_new_name(cohort, name):
    cohort.requirement_set.name = "CPSE requirements"
    cohort.requirement_set.save()
    with pytest.raises(services.RequirementSetInvalid) as refused:
        services.requirement_set_copy(source=cohort.requirement_set, name=name)
    assert ("name",) in refused.value.errors


@pytest.mark.django_db
def test_a_set_is_locked_once_a_cohort_using_it_has_a_participant(cohort):
    requirement_set = cohort.requirement_set
    assert not services.requirement_set_is_locked(requirement_set)
    ParticipantFactory(cohort=cohort, status=PS.WITHDRAWN)
    assert services.requirement_set_is_locked(requirement_set)
    with pytest.raises(services.RequirementSetLocked):
        services.requirement_set_update(requirement_set=requirement_set, changes=changes_for(requirement_set))


@pytest.mark.django_db
def test_an_unlocked_set_changes_amounts_eligibility_and_expectations(cohort):
    requirement_set = services.requirement_set_copy(source=cohort.requirement_set, name="CPSE 2027")
    self_care, checkins = requirement(requirement_set, "self_care"), requirement(requirement_set, "checkins")
    ProgressExpectation.objects.create(requirement=self_care, months_after_start=1, amount=1)
    changes = changes_for(
        requirement_set,
        name="CPSE 2027 (more self-care)",
        eligibility=changes_for(requirement_set).eligibility
        | {"min_years_since_exit": 3, "requires_interview": False, "practicum_requires_verified_supervisor": False},
        amounts=changes_for(requirement_set).amounts | {self_care.pk: Decimal("12.5"), checkins.pk: Decimal("10")},
        expectations={self_care.pk: [ExpectationRow(6, Decimal("8")), ExpectationRow(3, Decimal("4.25"))]},
    )
    services.requirement_set_update(requirement_set=requirement_set, changes=changes)

    requirement_set.refresh_from_db()
    assert requirement_set.name == "CPSE 2027 (more self-care)"
    assert (requirement_set.min_years_since_exit, requirement_set.requires_interview) == (3, False)
    assert requirement_set.practicum_requires_verified_supervisor is False
    self_care.refresh_from_db()
    checkins.refresh_from_db()
    assert (self_care.amount, checkins.amount) == (Decimal("12.5"), Decimal("10"))
    assert list(self_care.expectations.values_list("months_after_start", "amount")) == [
        (3, Decimal("4.25")),
        (6, Decimal("8")),
    ]


@pytest.mark.parametrize(
    ("category", "amount", "rows", "where"),
    [
        ("self_care", "0", [], "amount"),
        ("self_care", "-1", [], "amount"),
        ("self_care", "10.1", [], "amount"),
        ("self_care", "10000", [], "amount"),
        ("checkins", "2.5", [], "amount"),
        ("checkins", "25", [], "amount"),  # monthly: at most two years of them
        ("self_care", "10", [(0, "1")], "months_after_start"),
        ("self_care", "10", [(25, "1")], "months_after_start"),
        ("self_care", "10", [(3, "1"), (3, "2")], "months_after_start"),
        ("self_care", "10", [(3, "0")], "expectation_amount"),
        ("self_care", "10", [(3, "1.3")], "expectation_amount"),
        ("self_care", "10", [(3, "10.25")], "expectation_amount"),
    ],
)
@pytest.mark.django_db
def test_amounts_and_expectations_follow_the_rules(cohort, category, amount, rows, where):
    requirement_set = services.requirement_set_copy(source=cohort.requirement_set, name="CPSE 2027")
    item = requirement(requirement_set, category)
    changes = changes_for(
        requirement_set,
        amounts=changes_for(requirement_set).amounts | {item.pk: Decimal(amount)},
        expectations={item.pk: [ExpectationRow(m, Decimal(a)) for m, a in rows]},
    )
    with pytest.raises(services.RequirementSetInvalid) as refused:
        services.requirement_set_update(requirement_set=requirement_set, changes=changes)
    keys = set(refused.value.errors)
    if where == "amount":
        assert ("amount", item.pk) in keys
    elif where == "months_after_start":
        assert ("expectation", item.pk, len(rows) - 1, "months_after_start") in keys
    else:
        assert ("expectation", item.pk, 0, "amount") in keys
    item.refresh_from_db()
    assert item.amount == requirement(cohort.requirement_set, category).amount


@pytest.mark.parametrize(("field", "value"), [("min_years_since_exit", 51), ("appeal_days", 0), ("appeal_days", 400)])
@pytest.mark.django_db
def test_eligibility_numbers_have_sensible_bounds(cohort, field, value):
    requirement_set = services.requirement_set_copy(source=cohort.requirement_set, name="CPSE 2027")
    changes = changes_for(requirement_set)
    changes = dataclasses.replace(changes, eligibility=changes.eligibility | {field: value})
    with pytest.raises(services.RequirementSetInvalid) as refused:
        services.requirement_set_update(requirement_set=requirement_set, changes=changes)
    assert (field,) in refused.value.errors


@pytest.mark.django_db
def test_a_new_set_for_a_later_cohort_leaves_earlier_progress_unchanged(program_staff):
    """From the issue: 2025 and 2026 share a set and have participants with approved hours;
    staff copy the set for 2027, change the copy, and earlier progress stays the same."""
    cohort_2025, cohort_2026 = CohortFactory(year=2025), CohortFactory(year=2026)
    cohort_2027 = CohortFactory(year=2027)
    shared = cohort_2025.requirement_set
    assert cohort_2026.requirement_set_id == shared.pk == cohort_2027.requirement_set_id
    ProgressExpectation.objects.create(requirement=requirement(shared, "self_care"), months_after_start=3, amount=5)
    early, later = ParticipantFactory(cohort=cohort_2025), ParticipantFactory(cohort=cohort_2026)
    approved_hours(early, program_staff, datetime.date(2025, 5, 10), "6")
    approved_hours(later, program_staff, datetime.date(2026, 5, 10), "2.5")
    before = {early.pk: progress_numbers(early), later.pk: progress_numbers(later)}
    expectations_before = list(ProgressExpectation.objects.filter(requirement__requirement_set=shared).values())

    copy = services.requirement_set_copy(source=shared, name="CPSE requirements 2027")
    services.cohort_update(cohort=cohort_2027, details=details_for(2027, copy))
    self_care = requirement(copy, "self_care")
    changes = changes_for(copy)
    services.requirement_set_update(
        requirement_set=copy,
        changes=dataclasses.replace(
            changes,
            amounts=changes.amounts | {self_care.pk: Decimal("15")},
            expectations={self_care.pk: [ExpectationRow(2, Decimal("3")), ExpectationRow(6, Decimal("12"))]},
        ),
    )

    assert {early.pk: progress_numbers(early), later.pk: progress_numbers(later)} == before
    assert list(ProgressExpectation.objects.filter(requirement__requirement_set=shared).values()) == expectations_before
    cohort_2027.refresh_from_db()
    assert cohort_2027.requirement_set_id == copy.pk
    newcomer = ParticipantFactory(cohort=cohort_2027)
    assert {c: a for c, a, *_ in progress_numbers(newcomer)}["self_care"] == Decimal("15")
    # The shared set is locked: editing it is refused, and nothing changes.
    with pytest.raises(services.RequirementSetLocked):
        services.requirement_set_update(
            requirement_set=shared,
            changes=dataclasses.replace(
                changes_for(shared),
                amounts=changes_for(shared).amounts | {requirement(shared, "self_care").pk: Decimal("20")},
            ),
        )
    assert {early.pk: progress_numbers(early), later.pk: progress_numbers(later)} == before


# --- Participant status --------------------------------------------------------------


def last_change(participant) -> ParticipantStatusChange:
    return participant.status_changes.get()


@pytest.mark.django_db
def test_leave_and_return_are_recorded_with_their_reason(participant, program_staff):
    services.participant_leave(participant=participant, by=program_staff, reason="  Family needs  ")
    participant.refresh_from_db()
    assert participant.status == PS.ON_LEAVE
    change = last_change(participant)
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        PS.ENROLLED,
        PS.ON_LEAVE,
        "Family needs",
        program_staff,
    )
    assert change.from_cohort_id == change.to_cohort_id == participant.cohort_id

    services.participant_return(participant=participant, by=program_staff)
    participant.refresh_from_db()
    assert participant.status == PS.ENROLLED
    assert participant.status_changes.count() == 2


@pytest.mark.django_db
def test_the_reason_is_stored_encrypted(participant, program_staff):
    services.participant_leave(participant=participant, by=program_staff, reason="A private matter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM cohorts_participantstatuschange")
        stored = cursor.fetchone()[0]
    assert "A private matter" not in str(stored)


@pytest.mark.parametrize(
    ("status", "action", "code"),
    [
        (PS.ON_LEAVE, "participant_leave", "already"),
        (PS.WITHDRAWN, "participant_leave", "not_allowed"),
        (PS.COMPLETED, "participant_leave", "not_allowed"),
        (PS.ENROLLED, "participant_return", "already"),
        (PS.WITHDRAWN, "participant_return", "not_allowed"),
        (PS.CERTIFIED, "participant_withdraw", "not_allowed"),
        (PS.COMPLETED, "participant_withdraw", "not_allowed"),
    ],
)
@pytest.mark.django_db
def test_status_changes_only_from_the_right_status(cohort, program_staff, status, action, code):
    participant = ParticipantFactory(cohort=cohort, status=status)
    with pytest.raises(services.ParticipantStatusError) as refused:
        getattr(services, action)(participant=participant, by=program_staff)
    assert refused.value.code == code
    participant.refresh_from_db()
    assert participant.status == status
    assert not ParticipantStatusChange.objects.exists()


@pytest.mark.django_db
def test_a_reason_has_a_length_limit(participant, program_staff):
    with pytest.raises(services.ParticipantStatusError) as refused:
        services.participant_leave(participant=participant, by=program_staff, reason="x" * 2001)
    assert refused.value.code == "reason_too_long"


@pytest.mark.django_db
def test_withdrawing_twice_acts_once(participant, program_staff):
    first = Participant.objects.get(pk=participant.pk)
    second = Participant.objects.get(pk=participant.pk)  # a second click, loaded before the first saved
    assert services.participant_withdraw(participant=first, by=program_staff, reason="Moving away") is not None
    assert services.participant_withdraw(participant=second, by=program_staff) is None
    assert services.participant_withdraw(participant=Participant.objects.get(pk=participant.pk)) is None
    assert ParticipantStatusChange.objects.count() == 1
    participant.refresh_from_db()
    assert participant.status == PS.WITHDRAWN


@pytest.mark.django_db
def test_withdrawing_keeps_its_old_call_from_applications(participant):
    result = services.participant_withdraw(participant=participant)
    assert participant.status == PS.WITHDRAWN
    assert result.changed_by is None


@pytest.mark.django_db
def test_a_second_leave_from_a_stale_copy_is_refused(participant, program_staff):
    stale = Participant.objects.get(pk=participant.pk)
    services.participant_leave(participant=participant, by=program_staff)
    with pytest.raises(services.ParticipantStatusError) as refused:
        services.participant_leave(participant=stale, by=program_staff)
    assert refused.value.code == "already"
    assert ParticipantStatusChange.objects.count() == 1


@pytest.fixture
def cohort_2027(cohort):
    return CohortFactory(year=2027, capacity=2)


@pytest.mark.parametrize("status", [PS.ENROLLED, PS.ON_LEAVE, PS.WITHDRAWN])
@pytest.mark.django_db
def test_a_transfer_moves_the_same_participant_with_their_hours(cohort, cohort_2027, program_staff, status):
    participant = ParticipantFactory(cohort=cohort)
    approved_hours(participant, program_staff, datetime.date(2026, 5, 10), "3.5")
    Participant.objects.filter(pk=participant.pk).update(status=status)
    participant = selectors.participant_for_staff(participant.public_id)

    change = services.participant_transfer(
        participant=participant, to_cohort=cohort_2027, by=program_staff, reason="Needs more time"
    )

    moved = Participant.objects.get(pk=participant.pk)
    assert (moved.cohort_id, moved.status) == (cohort_2027.pk, PS.ENROLLED)
    assert (change.from_cohort_id, change.to_cohort_id, change.from_status) == (cohort.pk, cohort_2027.pk, status)
    assert moved.hour_entries.count() == 1
    self_care = next(p for p in participant_progress(moved) if p.requirement.category == "self_care")
    assert self_care.requirement.requirement_set_id == cohort_2027.requirement_set_id
    assert self_care.approved == Decimal("3.5")


@pytest.mark.django_db
def test_hours_count_in_the_new_cohorts_own_set_after_a_transfer(cohort, program_staff):
    """The later cohort uses a copied set with another amount: old hours count towards it."""
    copy = services.requirement_set_copy(source=cohort.requirement_set, name="CPSE 2027")
    cohort_2027 = CohortFactory(year=2027, requirement_set=copy)
    self_care = requirement(copy, "self_care")
    self_care.amount = Decimal("12")
    self_care.save()
    participant = ParticipantFactory(cohort=cohort)
    approved_hours(participant, program_staff, datetime.date(2026, 5, 10), "4")

    services.participant_transfer(
        participant=selectors.participant_for_staff(participant.public_id), to_cohort=cohort_2027, by=program_staff
    )

    row = next(
        p for p in participant_progress(Participant.objects.get(pk=participant.pk)) if p.requirement == self_care
    )
    assert (row.approved, row.remaining) == (Decimal("4"), Decimal("8"))


@pytest.mark.django_db
def test_transfers_go_to_a_later_cohort_with_a_free_place_only(cohort, cohort_2027, program_staff):
    earlier = CohortFactory(year=2025)
    participant = selectors.participant_for_staff(ParticipantFactory(cohort=cohort).public_id)

    for target in (earlier, cohort):
        with pytest.raises(services.ParticipantStatusError) as refused:
            services.participant_transfer(participant=participant, to_cohort=target, by=program_staff)
        assert refused.value.code == "not_later"

    ParticipantFactory.create_batch(2, cohort=cohort_2027)
    with pytest.raises(services.ParticipantStatusError) as refused:
        services.participant_transfer(participant=participant, to_cohort=cohort_2027, by=program_staff)
    assert refused.value.code == "cohort_full"
    assert list(selectors.transfer_cohorts(participant)) == []
    assert not ParticipantStatusChange.objects.exists()


@pytest.mark.django_db
def test_a_transfer_is_refused_if_the_person_is_already_in_that_cohort(cohort, cohort_2027, program_staff):
    user = UserFactory()
    participant = selectors.participant_for_staff(ParticipantFactory(cohort=cohort, user=user).public_id)
    ParticipantFactory(cohort=cohort_2027, user=user)
    assert list(selectors.transfer_cohorts(participant)) == []
    with pytest.raises(services.ParticipantStatusError) as refused:
        services.participant_transfer(participant=participant, to_cohort=cohort_2027, by=program_staff)
    assert refused.value.code == "already_in_cohort"


@pytest.mark.parametrize("status", [PS.COMPLETED, PS.CERTIFIED])
@pytest.mark.django_db
def test_a_finished_participant_is_not_transferred(cohort, cohort_2027, program_staff, status):
    participant = selectors.participant_for_staff(ParticipantFactory(cohort=cohort, status=status).public_id)
    with pytest.raises(services.ParticipantStatusError) as refused:
        services.participant_transfer(participant=participant, to_cohort=cohort_2027, by=program_staff)
    assert refused.value.code == "not_allowed"


@pytest.mark.django_db
def test_transferring_twice_acts_once(cohort, cohort_2027, program_staff):
    participant = ParticipantFactory(cohort=cohort)
    first = selectors.participant_for_staff(participant.public_id)
    second = selectors.participant_for_staff(participant.public_id)
    services.participant_transfer(participant=first, to_cohort=cohort_2027, by=program_staff)
    with pytest.raises(services.ParticipantStatusError) as refused:
        services.participant_transfer(participant=second, to_cohort=cohort_2027, by=program_staff)
    assert refused.value.code == "already_in_cohort"
    assert ParticipantStatusChange.objects.count() == 1


@pytest.mark.django_db
def test_status_changes_are_exported_without_staff_words_and_erased(participant, program_staff):
    services.participant_leave(participant=participant, by=program_staff, reason="A private matter")
    exported = services.export_participations(participant.user)
    change = exported[0]["status_changes"][0]
    assert (change["from_status"], change["to_status"]) == ("Enrolled", "On leave")
    assert "A private matter" not in str(exported)

    services.erase_participations(participant.user)
    kept = ParticipantStatusChange.objects.get()
    assert (kept.reason, kept.to_status) == ("", PS.ON_LEAVE)
