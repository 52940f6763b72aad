import datetime
import importlib
import itertools

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from checkins.models import CheckIn, PlacementPause
from checkins.placement.selectors import checkins_completed, placement_year
from checkins.placement.services import pause_end, pause_start, placement_record
from checkins.schedule import due_dates, schedule_sync
from cohorts.models import Requirement, RequirementSet
from cohorts.selectors import checkins_asked_by_set
from cohorts.services import requirement_set_copy
from cpse.dates import add_months
from tests.checkins.factories import PlacementFactory
from tests.factories import CohortFactory, ParticipantFactory

D = datetime.date


def test_a_year_starting_on_31_january_has_sensible_month_ends():
    assert due_dates(D(2027, 1, 31), [], count=12) == [
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2027, 4, 30),
        D(2027, 5, 31),
        D(2027, 6, 30),
        D(2027, 7, 31),
        D(2027, 8, 31),
        D(2027, 9, 30),
        D(2027, 10, 31),
        D(2027, 11, 30),
        D(2027, 12, 31),
        D(2028, 1, 31),
    ]


def test_a_leap_year_gives_29_february():
    assert due_dates(D(2028, 1, 31), [], count=12)[:2] == [D(2028, 2, 29), D(2028, 3, 31)]


def test_an_ended_pause_moves_later_check_ins_by_its_length():
    dates = due_dates(D(2027, 1, 15), [(D(2027, 3, 1), D(2027, 3, 11))], count=12)
    assert dates[0] == D(2027, 2, 15)  # before the pause: unchanged
    assert dates[1] == D(2027, 3, 25)  # 15 March + 10 days
    assert dates[11] == D(2028, 1, 25)


def test_a_pause_starting_on_the_due_date_moves_it():
    assert due_dates(D(2027, 1, 15), [(D(2027, 2, 15), D(2027, 2, 20))], count=12)[0] == D(2027, 2, 20)


def test_pauses_add_up_and_a_moved_date_can_meet_a_later_pause():
    # The first pause moves check-in 1 from 15 Feb to 25 Feb, which the second pause (from 20 Feb) then moves again.
    dates = due_dates(D(2027, 1, 15), [(D(2027, 2, 20), D(2027, 2, 23)), (D(2027, 2, 1), D(2027, 2, 11))], count=12)
    assert dates[0] == D(2027, 2, 28)


def test_an_open_pause_leaves_later_check_ins_without_a_date():
    dates = due_dates(D(2027, 1, 15), [(D(2027, 4, 1), None)], count=12)
    assert dates[:3] == [D(2027, 2, 15), D(2027, 3, 15), None]
    assert dates[3:] == [None] * 9


def test_a_pause_before_the_start_does_not_count():
    assert due_dates(D(2027, 1, 15), [(D(2026, 12, 1), D(2026, 12, 20))], count=12)[0] == D(2027, 2, 15)


@pytest.mark.django_db
def test_sync_writes_twelve_rows_once(participant):
    PlacementFactory(participant=participant, start_date=D(2027, 1, 31))
    schedule_sync(participant=participant)
    schedule_sync(participant=participant)
    rows = list(CheckIn.objects.filter(participant=participant).order_by("number"))
    assert [row.number for row in rows] == list(range(1, 13))
    assert rows[0].due_on == D(2027, 2, 28) and rows[11].due_on == D(2028, 1, 31)


@pytest.mark.django_db
def test_a_change_of_placement_does_not_restart_the_year(participant, program_staff):
    first = {"agency": "A", "role": "advocacy", "terms": "paid", "by": program_staff, "today": D(2027, 1, 1)}
    placement_record(participant=participant, start_date=D(2027, 1, 31), **first)
    placement_record(participant=participant, start_date=D(2027, 6, 10), **{**first, "agency": "B"})
    assert CheckIn.objects.get(participant=participant, number=1).due_on == D(2027, 2, 28)
    assert placement_year(participant).start == D(2027, 1, 31)


@pytest.mark.django_db
def test_pause_and_resume_move_only_unsubmitted_check_ins(participant, program_staff, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 20, 12, tzinfo=datetime.UTC))
    details = {"agency": "A", "role": "advocacy", "terms": "paid", "by": program_staff}
    placement_record(participant=participant, start_date=D(2027, 1, 31), **details)
    CheckIn.objects.filter(participant=participant, number=1).update(submitted_at=datetime.datetime.now(datetime.UTC))
    # A paused check-in keeps its date but is "paused"; reminders and pages skip it.
    pause_start(participant=participant, starts_on=D(2027, 3, 25), reason="Family matters", by=program_staff)
    year = placement_year(participant)
    assert year.paused and year.paused_since == D(2027, 3, 25) and year.next_due is None
    assert CheckIn.objects.get(participant=participant, number=2).due_on == D(2027, 3, 31)
    pause_end(participant=participant, ends_on=D(2027, 4, 4), by=program_staff)  # ten days
    due = dict(CheckIn.objects.filter(participant=participant).values_list("number", "due_on"))
    assert due[1] == D(2027, 2, 28)  # submitted: kept
    assert due[2] == D(2027, 4, 10) and due[3] == D(2027, 5, 10) and due[12] == D(2028, 2, 10)
    year = placement_year(participant)
    assert not year.paused and year.next_due == D(2027, 4, 10) and year.completed == 1
    assert year.end == D(2028, 2, 10) and not year.done
    assert PlacementPause.objects.get(participant=participant).reason == "Family matters"


@pytest.mark.django_db
def test_checkins_completed_counts_submitted_in_one_query(participant, other_participant, django_assert_num_queries):
    PlacementFactory(participant=participant, start_date=D(2027, 1, 31))
    schedule_sync(participant=participant)
    CheckIn.objects.filter(participant=participant, number__lte=3).update(
        submitted_at=datetime.datetime(2027, 5, 1, tzinfo=datetime.UTC)
    )
    with django_assert_num_queries(1):
        counts = checkins_completed([participant.pk, other_participant.pk])
    assert counts == {participant.pk: 3, other_participant.pk: 0}


@pytest.mark.django_db
def test_twelve_done_meets_the_requirement(participant):
    PlacementFactory(participant=participant, start_date=D(2027, 1, 31))
    schedule_sync(participant=participant)
    CheckIn.objects.filter(participant=participant).update(
        submitted_at=datetime.datetime(2028, 2, 1, tzinfo=datetime.UTC)
    )
    assert placement_year(participant).done


def _set_asking(count: int, *, name: str = "Six check-ins", year: int = 2027):
    """A copy of the default set whose check-ins requirement asks `count`, used by a cohort
    of `year`."""
    source = RequirementSet.objects.filter(credential__abbreviation="CPSE").order_by("pk").first()
    requirement_set = requirement_set_copy(source=source, name=name)
    requirement_set.requirements.filter(kind=Requirement.Kind.CHECKINS).update(amount=count)
    return CohortFactory(year=year, requirement_set=requirement_set)


@pytest.mark.django_db
def test_the_number_of_check_ins_comes_from_the_requirement_set(participant):
    cohort = _set_asking(6)
    newcomer = ParticipantFactory(cohort=cohort)
    for person in (newcomer, participant):
        PlacementFactory(participant=person, start_date=D(2027, 1, 31))
        schedule_sync(participant=person)
    rows = list(CheckIn.objects.filter(participant=newcomer).order_by("number"))
    assert [row.number for row in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[-1].due_on == D(2027, 7, 31)
    # The default set still asks twelve.
    assert CheckIn.objects.filter(participant=participant).count() == 12
    year = placement_year(newcomer)
    assert (year.total, year.end, year.done) == (6, D(2027, 7, 31), False)
    CheckIn.objects.filter(participant=newcomer).update(submitted_at=datetime.datetime(2027, 8, 1, tzinfo=datetime.UTC))
    assert placement_year(newcomer).done


@pytest.mark.django_db
def test_a_schedule_once_written_keeps_its_twelve(participant):
    PlacementFactory(participant=participant, start_date=D(2027, 1, 31))
    schedule_sync(participant=participant)
    # Moved to a cohort whose set asks fewer (a transfer): the year keeps its twelve.
    participant.cohort = _set_asking(6)
    participant.save(update_fields=["cohort"])
    schedule_sync(participant=participant)
    assert CheckIn.objects.filter(participant=participant).count() == 12
    assert placement_year(participant).total == 12


@pytest.mark.django_db
def test_a_set_that_asks_more_adds_the_missing_check_ins(participant):
    PlacementFactory(participant=participant, start_date=D(2027, 1, 31))
    schedule_sync(participant=participant)
    participant.cohort = _set_asking(14, name="Fourteen check-ins")
    participant.save(update_fields=["cohort"])
    schedule_sync(participant=participant)
    due = dict(CheckIn.objects.filter(participant=participant).values_list("number", "due_on"))
    assert sorted(due) == list(range(1, 15)) and due[14] == D(2028, 3, 31)


@pytest.mark.django_db
def test_a_set_without_check_ins_makes_none(participant):
    cohort = _set_asking(1, name="No check-ins")
    cohort.requirement_set.requirements.filter(kind=Requirement.Kind.CHECKINS).delete()
    person = ParticipantFactory(cohort=cohort)
    PlacementFactory(participant=person, start_date=D(2027, 1, 31))
    schedule_sync(participant=person)
    assert not CheckIn.objects.filter(participant=person).exists()
    assert placement_year(person).total == 0


@pytest.mark.django_db
def test_a_check_in_number_must_be_positive_but_has_no_upper_limit(participant):
    CheckIn.objects.create(participant=participant, number=13, due_on=D(2028, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(participant=participant, number=0, due_on=D(2028, 2, 1))


@pytest.mark.django_db
def test_no_placement_no_year(participant):
    assert placement_year(participant) is None
    schedule_sync(participant=participant)
    assert not CheckIn.objects.filter(participant=participant).exists()


pauses = st.lists(
    st.tuples(st.dates(D(2026, 1, 1), D(2029, 1, 1)), st.integers(0, 200)).map(
        lambda p: (p[0], p[0] + datetime.timedelta(days=p[1]))
    ),
    max_size=4,
)


@given(
    start=st.dates(D(2026, 1, 1), D(2028, 12, 31)),
    ended=pauses,
    open_from=st.none() | st.dates(D(2026, 1, 1), D(2030, 1, 1)),
)
def test_due_dates_always_make_sense(start, ended, open_from):
    given_pauses = [*ended, *([(open_from, None)] if open_from else [])]
    dates = due_dates(start, given_pauses, count=12)
    assert len(dates) == 12
    known = [due for due in dates if due is not None]
    # Paused check-ins are the last ones: once one waits, every later one waits too.
    assert dates[: len(known)] == known
    assert open_from is not None or len(known) == 12
    assert all(earlier < later for earlier, later in itertools.pairwise(known))
    most = sum(((end - begin).days for begin, end in ended), 0)
    for number, due in enumerate(known, start=1):
        assert add_months(start, number) <= due <= add_months(start, number) + datetime.timedelta(days=most)


@pytest.mark.django_db
def test_the_migration_gives_a_set_without_a_check_ins_requirement_the_twelve_its_schedules_hold():
    migration = importlib.import_module("checkins.migrations.0006_checkin_count_from_requirement_set")
    written = _set_asking(1, name="Written with the old constant")
    untouched = _set_asking(1, name="Nobody placed yet", year=2028)
    for cohort in (written, untouched):
        cohort.requirement_set.requirements.filter(kind=Requirement.Kind.CHECKINS).delete()
    person = ParticipantFactory(cohort=written)
    PlacementFactory(participant=person, start_date=D(2027, 1, 31))
    CheckIn.objects.bulk_create(
        CheckIn(participant=person, number=number, due_on=add_months(D(2027, 1, 31), number)) for number in range(1, 13)
    )
    before = list(CheckIn.objects.filter(participant=person).values_list("number", "due_on"))
    migration.set_the_count_schedules_were_written_with(django_apps, None)
    assert checkins_asked_by_set(written.requirement_set_id) == 12
    assert checkins_asked_by_set(untouched.requirement_set_id) == 0
    schedule_sync(participant=person)
    assert list(CheckIn.objects.filter(participant=person).values_list("number", "due_on")) == before
