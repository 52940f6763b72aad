import datetime
import threading

import pytest
from django.db import connection, connections

from checkins.models import CheckIn, Placement
from checkins.placement.services import (
    PlacementError,
    pause_end,
    pause_start,
    placement_correct,
    placement_end,
    placement_record,
)
from cohorts.models import Participant
from tests.factories import ParticipantFactory

D = datetime.date
TODAY = D(2027, 1, 10)


def _record(participant, by, **overrides):
    data = {
        "agency": "Harbor Light",
        "role": Placement.Role.RESIDENTIAL_CARE,
        "terms": Placement.Terms.PAID,
        "start_date": D(2027, 1, 4),
        "by": by,
        "today": TODAY,
        **overrides,
    }
    return placement_record(participant=participant, **data)


@pytest.mark.django_db
def test_a_new_placement_ends_the_previous_one_and_keeps_history(participant):
    first = _record(participant, participant.user)
    second = _record(participant, participant.user, agency="New Dawn", start_date=D(2027, 3, 1))
    first.refresh_from_db()
    assert first.end_date == D(2027, 2, 28) and second.end_date is None
    assert Placement.objects.filter(participant=participant).count() == 2
    assert CheckIn.objects.filter(participant=participant).count() == 12


@pytest.mark.django_db
def test_a_new_placement_on_the_same_day_ends_the_previous_that_day(participant):
    first = _record(participant, participant.user)
    _record(participant, participant.user, agency="Correction", start_date=D(2027, 1, 4))
    first.refresh_from_db()
    assert first.end_date == D(2027, 1, 4)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"agency": "   "}, "agency_required"),
        ({"role": "chef"}, "role_required"),
        ({"role": Placement.Role.OTHER, "role_other": " "}, "role_other_required"),
        ({"terms": ""}, "terms_required"),
        ({"start_date": D(2028, 1, 11)}, "start_too_late"),
        ({"start_date": D(2026, 3, 31)}, "start_before_program"),
    ],
)
def test_bad_details_are_refused(participant, overrides, code):
    with pytest.raises(PlacementError) as error:
        _record(participant, participant.user, **overrides)
    assert error.value.code == code
    assert not Placement.objects.exists() and not CheckIn.objects.exists()


@pytest.mark.django_db
def test_a_placement_before_a_later_one_is_refused(participant):
    _record(participant, participant.user, start_date=D(2027, 1, 4))
    with pytest.raises(PlacementError) as error:
        _record(participant, participant.user, start_date=D(2026, 12, 1))
    assert error.value.code == "start_before_previous"


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Participant.Status.WITHDRAWN, Participant.Status.ON_LEAVE])
def test_only_enrolled_or_graduated_people_are_placed(participant, status):
    Participant.objects.filter(pk=participant.pk).update(status=status)
    with pytest.raises(PlacementError) as error:
        _record(participant, participant.user)
    assert error.value.code == "not_placeable"


@pytest.mark.django_db
def test_role_other_is_kept_only_for_other(participant):
    placement = _record(participant, participant.user, role_other="cook")
    assert placement.role_other == ""
    placement = _record(participant, participant.user, role=Placement.Role.OTHER, role_other=" Survivor mentor ")
    assert placement.role_other == "Survivor mentor"


@pytest.mark.django_db
def test_ending_a_placement(participant, program_staff):
    placement = _record(participant, program_staff)
    with pytest.raises(PlacementError) as error:
        placement_end(placement=placement, end_date=D(2027, 1, 1), by=program_staff)
    assert error.value.code == "end_before_start"
    placement_end(placement=placement, end_date=D(2027, 5, 1), by=program_staff)
    with pytest.raises(PlacementError) as error:
        placement_end(placement=placement, end_date=D(2027, 5, 2), by=program_staff)
    assert error.value.code == "already_ended"
    # The year goes on: its check-ins stay.
    assert CheckIn.objects.filter(participant=participant).count() == 12


@pytest.mark.django_db
def test_pause_rules(participant, program_staff):
    with pytest.raises(PlacementError) as error:
        pause_start(participant=participant, starts_on=D(2027, 2, 1), by=program_staff, today=TODAY)
    assert error.value.code == "no_placement"
    _record(participant, program_staff)
    with pytest.raises(PlacementError) as error:
        pause_start(participant=participant, starts_on=D(2027, 1, 1), by=program_staff, today=TODAY)
    assert error.value.code == "pause_before_start"
    with pytest.raises(PlacementError) as error:
        pause_end(participant=participant, ends_on=D(2027, 2, 1), by=program_staff)
    assert error.value.code == "not_paused"
    pause_start(participant=participant, starts_on=D(2027, 2, 1), by=program_staff, today=TODAY)
    with pytest.raises(PlacementError) as error:
        pause_start(participant=participant, starts_on=D(2027, 2, 2), by=program_staff, today=TODAY)
    assert error.value.code == "already_paused"
    with pytest.raises(PlacementError) as error:
        pause_end(participant=participant, ends_on=D(2027, 1, 31), by=program_staff)
    assert error.value.code == "back_before_pause"
    pause_end(participant=participant, ends_on=D(2027, 2, 15), by=program_staff)
    with pytest.raises(PlacementError) as error:
        pause_start(participant=participant, starts_on=D(2027, 2, 10), by=program_staff, today=TODAY)
    assert error.value.code == "pause_overlaps"


@pytest.mark.django_db(transaction=True)
def test_two_people_recording_at_once_leave_one_current_placement_and_twelve_check_ins():
    """Run on PostgreSQL (SQLite serialises writers anyway): the participant row lock makes
    the second writer wait, and its placement becomes a change of placement."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    participant = ParticipantFactory()
    barrier = threading.Barrier(2)
    errors = []

    def record(agency):
        try:
            barrier.wait()
            _record(participant, participant.user, agency=agency)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Placement.objects.filter(participant=participant, end_date__isnull=True).count() == 1
    assert Placement.objects.filter(participant=participant).count() == 2
    assert CheckIn.objects.filter(participant=participant).count() == 12


@pytest.mark.django_db
def test_correcting_the_first_start_date_moves_the_schedule_but_not_filed_check_ins(participant):
    placement = _record(participant, participant.user, start_date=D(2027, 1, 4))
    CheckIn.objects.filter(participant=participant, number=1).update(submitted_at=datetime.datetime.now(datetime.UTC))
    placement_correct(
        placement=placement,
        agency="Harbor Light House",
        role=Placement.Role.ADVOCACY,
        terms=Placement.Terms.VOLUNTEER,
        start_date=D(2026, 12, 4),
        by=participant.user,
        today=TODAY,
    )
    placement.refresh_from_db()
    assert (placement.agency, placement.start_date) == ("Harbor Light House", D(2026, 12, 4))
    assert Placement.objects.count() == 1
    due = dict(CheckIn.objects.filter(participant=participant).values_list("number", "due_on"))
    assert due[1] == D(2027, 2, 4) and due[2] == D(2027, 2, 4) and due[12] == D(2027, 12, 4)


@pytest.mark.django_db
def test_correcting_moves_the_previous_end_and_only_the_current_is_corrected(participant):
    first = _record(participant, participant.user, start_date=D(2027, 1, 4))
    second = _record(participant, participant.user, agency="B", start_date=D(2027, 3, 1))
    details = {"agency": "B", "role": "advocacy", "terms": "paid", "by": participant.user, "today": TODAY}
    with pytest.raises(PlacementError) as error:
        placement_correct(placement=second, start_date=D(2027, 1, 1), **details)
    assert error.value.code == "start_before_previous"
    placement_correct(placement=second, start_date=D(2027, 2, 15), **details)
    first.refresh_from_db()
    assert first.end_date == D(2027, 2, 14)
    with pytest.raises(PlacementError) as error:
        placement_correct(placement=first, start_date=D(2027, 1, 4), **details)
    assert error.value.code == "not_current"
