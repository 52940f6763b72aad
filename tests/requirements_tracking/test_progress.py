import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohorts.models import Cohort, Requirement, RequirementSet
from requirements_tracking.hours import services
from requirements_tracking.hours.selectors import entries_awaiting_review
from requirements_tracking.models import HourEntry
from requirements_tracking.progress import next_step, participant_progress
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import count_queries
from tests.requirements_tracking.conftest import TODAY, self_care


def by_category(progress):
    return {item.requirement.category: item for item in progress}


@pytest.mark.django_db
def test_progress_counts_approved_and_waiting_hours(log, participant, program_staff):
    for hours in ("2.5", "4", "0.25"):
        services.hour_entry_approve(entry=log(hours), by=program_staff)
    log("1")  # waiting
    returned = log("3")
    services.hour_entry_return(entry=returned, by=program_staff, comment="Please add a sentence")
    with count_queries() as queries:
        progress = participant_progress(participant)
    # The requirements (with the number of competencies), the hours, the exam, the observations.
    assert len(queries.captured_queries) == 4
    item = by_category(progress)[Requirement.Category.SELF_CARE]
    assert (item.approved, item.pending, item.remaining, item.extra, item.percent) == (
        Decimal("6.75"),
        Decimal("1"),
        Decimal("3.25"),
        Decimal("0"),
        67,
    )
    assert item.loggable and not item.complete
    assert next_step(progress) == item


@pytest.mark.django_db
def test_hours_over_the_requirement_are_kept_and_shown_as_extra(log, participant, program_staff):
    for day in range(1, 4):
        services.hour_entry_approve(entry=log("4", date=TODAY - datetime.timedelta(days=day)), by=program_staff)
    item = by_category(participant_progress(participant))[Requirement.Category.SELF_CARE]
    assert (item.approved, item.remaining, item.extra, item.percent) == (Decimal(12), 0, Decimal(2), 100)
    assert item.complete
    assert next_step(participant_progress(participant)) is None


@pytest.mark.django_db
def test_every_requirement_of_the_set_is_shown_in_its_order(participant):
    progress = participant_progress(participant)
    assert [item.requirement.category for item in progress] == [
        "self_care",
        "online",
        "intensive",
        "practicum",
        "exam",
        "competency",
        "checkins",
    ]
    exam = by_category(progress)["exam"]
    assert (exam.approved, exam.pending, exam.counts_hours, exam.loggable) == (0, 0, False, False)


@pytest.mark.django_db
def test_a_later_cohorts_new_requirement_set_leaves_an_earlier_cohorts_progress_unchanged(
    log, participant, program_staff
):
    services.hour_entry_approve(entry=log("6"), by=program_staff)
    before = participant_progress(participant)
    # The 2027 cohort asks for 20 self-care hours: a new set, the 2026 one untouched.
    new_set = RequirementSet.objects.create(credential=participant.cohort.credential, name="2027")
    for requirement in participant.cohort.requirement_set.requirements.all():
        Requirement.objects.create(
            requirement_set=new_set,
            kind=requirement.kind,
            category=requirement.category,
            amount=Decimal(20) if requirement.category == "self_care" else requirement.amount,
            position=requirement.position,
        )
    later = CohortFactory(year=2027, requirement_set=new_set)
    later_participant = ParticipantFactory(cohort=later)
    Cohort.objects.filter(pk=later.pk).update(program_start=datetime.date(2026, 5, 1))
    later_participant.cohort.refresh_from_db()
    services.hour_entry_approve(entry=log("6", who=later_participant), by=program_staff)

    after = participant_progress(participant)
    assert [(i.requirement.pk, i.approved, i.remaining, i.percent) for i in after] == [
        (i.requirement.pk, i.approved, i.remaining, i.percent) for i in before
    ]
    assert by_category(after)["self_care"].remaining == Decimal(4)
    assert by_category(participant_progress(later_participant))["self_care"].remaining == Decimal(14)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(
        st.tuples(st.integers(min_value=1, max_value=96), st.sampled_from(list(HourEntry.Status))),
        max_size=12,
    )
)
def test_progress_agrees_to_the_quarter_hour_with_the_entries(participant, entries):
    HourEntry.objects.all().delete()
    requirement = self_care(participant)
    for day, (quarters, status) in enumerate(entries):
        HourEntry.objects.create(
            participant=participant,
            requirement=requirement,
            date=datetime.date(2026, 4, 1) + datetime.timedelta(days=day),
            hours=Decimal(quarters) / 4,
            kind="other",
            reflection="x",
            status=status,
        )
    approved = sum((Decimal(q) / 4 for q, s in entries if s == HourEntry.Status.APPROVED), Decimal(0))
    pending = sum((Decimal(q) / 4 for q, s in entries if s == HourEntry.Status.SUBMITTED), Decimal(0))
    item = by_category(participant_progress(participant))["self_care"]
    assert item.approved == approved and item.pending == pending
    assert item.remaining == max(Decimal(0), requirement.amount - approved)
    assert item.extra == max(Decimal(0), approved - requirement.amount)
    assert item.approved - item.extra + item.remaining == requirement.amount
    assert 0 <= item.percent <= 100


@pytest.mark.django_db
def test_the_inbox_lists_waiting_entries_oldest_first_and_filters_by_cohort(log, participant, program_staff):
    first, second = log("1"), log("2")
    services.hour_entry_approve(entry=log("3"), by=program_staff)
    later = ParticipantFactory(cohort=CohortFactory(year=2027))
    HourEntry.objects.create(
        participant=later,
        requirement=self_care(later),
        date=datetime.date(2027, 5, 1),
        hours=1,
        kind="other",
        reflection="x",
    )
    assert list(entries_awaiting_review(cohort=participant.cohort)) == [first, second]
    assert len(entries_awaiting_review()) == 3
