"""The moments the suite runs at (tests/conftest.py `pinned_clocks`) and how a test run at
several is matched to the list of tests that read the calendar (tests/clock_readers.py)."""

import datetime
import types
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from scripts.awkward_clocks import awkward_moments
from tests.clock_readers import (
    at_the_runs_moment,
    calendar_reads,
    listed,
    moment_id,
    note_a_read,
    part_of_the_test,
    part_runs,
    parts_read,
    recorded_id,
    run_only_parts,
)
from tests.conftest import pinned_clocks

SITE = zoneinfo.ZoneInfo("America/New_York")


def _item(nodeid, **params):
    return types.SimpleNamespace(nodeid=nodeid, callspec=types.SimpleNamespace(params=params))


def test_no_moment_is_the_real_clock(monkeypatch):
    monkeypatch.delenv("CPSE_TEST_CLOCK", raising=False)
    assert pinned_clocks() == []
    monkeypatch.setenv("CPSE_TEST_CLOCK", " ")
    assert pinned_clocks() == []


def test_moments_are_read_in_the_site_time_unless_they_say_otherwise(monkeypatch):
    monkeypatch.setenv("CPSE_TEST_CLOCK", "2028-02-29T01:30, 2026-12-31T23:30+00:00,")
    assert pinned_clocks() == [
        datetime.datetime(2028, 2, 29, 1, 30, tzinfo=SITE),
        datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
    ]


def test_a_moment_that_is_no_date_stops_the_run(monkeypatch):
    monkeypatch.setenv("CPSE_TEST_CLOCK", "2028-02-30T01:30")
    with pytest.raises(ValueError):
        pinned_clocks()


def test_a_moment_is_named_in_a_test_id_to_the_minute():
    current = datetime.datetime(2028, 2, 29, 1, 30, tzinfo=SITE)
    assert moment_id(current) == "2028-02-29T01:30"


@pytest.mark.parametrize(
    ("nodeid", "recorded"),
    [
        ("tests/a.py::test_x[2028-02-29T01:30]", "tests/a.py::test_x"),
        ("tests/a.py::test_x[2028-02-29T01:30-cohorts:list-sponsor]", "tests/a.py::test_x[cohorts:list-sponsor]"),
        ("tests/a.py::test_x[cohorts:list-2028-02-29T01:30]", "tests/a.py::test_x[cohorts:list]"),
    ],
)
def test_a_test_at_a_moment_is_the_test_the_list_names(nodeid, recorded):
    moment = datetime.datetime(2028, 2, 29, 1, 30, tzinfo=SITE)
    assert recorded_id(_item(nodeid, _clock_moment=moment)) == recorded


def test_a_test_at_no_moment_keeps_its_id():
    assert recorded_id(_item("tests/a.py::test_x[a-b]", other=1)) == "tests/a.py::test_x[a-b]"
    assert recorded_id(types.SimpleNamespace(nodeid="tests/a.py::test_y")) == "tests/a.py::test_y"


def test_an_id_without_its_moment_is_a_mistake_said_aloud():
    moment = datetime.datetime(2028, 2, 29, 1, 30, tzinfo=SITE)
    with pytest.raises(ValueError, match="No moment 2028-02-29T01:30"):
        recorded_id(_item("tests/a.py::test_x[2027-01-31T21:00]", _clock_moment=moment))


def test_the_awkward_moments_are_the_next_ones_and_all_four():
    moments = awkward_moments(datetime.date(2026, 12, 7), SITE)
    assert moments == [
        datetime.datetime(2027, 1, 31, 21, 0),
        datetime.datetime(2028, 2, 29, 1, 30),
        datetime.datetime(2026, 12, 31, 23, 30),
        datetime.datetime(2027, 3, 14, 1, 30),
    ]
    # On the awkward day itself, the next year's.
    assert awkward_moments(datetime.date(2027, 1, 31), SITE)[0] == datetime.datetime(2028, 1, 31, 21, 0)


def _counted() -> bool:
    with calendar_reads() as seen:
        note_a_read()
    return seen[0]


def test_a_read_counts_at_the_real_clock_and_the_runs_moment_not_under_the_tests_own():
    own = datetime.datetime(2027, 1, 31, 21, tzinfo=SITE)
    # At the real clock, or at the run's moment (CPSE_TEST_CLOCK), as this test runs.
    assert _counted()
    with time_machine.travel(own):
        assert not _counted()
    with at_the_runs_moment(datetime.datetime(2028, 2, 29, 1, 30, tzinfo=SITE)):
        assert timezone.localdate() == datetime.date(2028, 2, 29)
        assert _counted()
        with time_machine.travel(own):
            assert not _counted()


def test_every_test_but_the_browsers_starts_at_the_runs_moment():
    # tests/e2e/test_clock.py: the browser's keep the real clock.
    assert time_machine.escape_hatch.is_travelling() == bool(pinned_clocks())


def test_a_listed_test_names_the_parts_that_read_the_calendar_or_none():
    assert listed("tests/a.py::test_x[b]") == ("tests/a.py::test_x[b]", None)
    assert listed("tests/a.py::test_x[b]\tsponsor,mentor") == (
        "tests/a.py::test_x[b]",
        frozenset({"sponsor", "mentor"}),
    )


def test_a_part_that_reads_the_calendar_counts_for_itself_not_the_test():
    item = types.SimpleNamespace(stash=pytest.Stash())
    with calendar_reads() as seen:
        with part_of_the_test(item, "mentor"):
            note_a_read()
        with part_of_the_test(item, "sponsor"):
            pass
    assert seen == [False]
    assert parts_read(item) == {"mentor"}


def test_every_part_runs_but_where_the_list_names_some():
    item = types.SimpleNamespace(stash=pytest.Stash())
    assert part_runs(item, "mentor") and part_runs(item, "sponsor")
    run_only_parts(item, None)
    assert part_runs(item, "sponsor")
    run_only_parts(item, frozenset({"mentor"}))
    assert part_runs(item, "mentor") and not part_runs(item, "sponsor")
