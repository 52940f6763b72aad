"""Which tests read the calendar, so the suite can be run again at awkward moments
without running the tests whose result cannot depend on the date.

    pytest --record-clock-readers=PATH   # writes the node ids of the tests that read it
    pytest --only-clock-readers=PATH     # runs only those (CPSE_TEST_CLOCK sets the moments)

Rules chosen here: a test reads the calendar when, in its setup, call or teardown,
anything asks `django.utils.timezone.localtime` (which `localdate`, the templates' date
filters and every "today" in the code go through: the code never calls `date.today()` or
`datetime.now()`, and `tests/cpse/test_code_rules.py` keeps it so). A test that only
compares instants (`timezone.now()` against a stored moment) reads no calendar: an
instant is the same at 23:30 on 31 December as at noon. Nor does a read while the test
has pinned the clock itself (time-machine): the date it reads is the one it chose, at
whatever moment the run starts (`note_a_read`). The list is recorded at the real clock
or at one moment the whole run starts at (`CPSE_TEST_CLOCK`, as `.ci/run`'s first run
does: `at_the_runs_moment`), whose reads count as the real clock's would. Rows made once
for many tests (the permission matrix's personas) say which of them read the calendar
when they were made (`calendar_reads`), and a test that uses one of those counts as
reading it (`read_calendar`), as it would have if it had made them itself. A test made
of parts that stand on their own (the permission matrix asks each persona in one test)
notes which parts read the calendar (`part_of_the_test`), and at the awkward moments
runs only those (`part_runs`): the list then names the parts after the test's id, behind
a tab. `.ci/run` records the list in its first run of the suite and uses it, from the
same commit, for the awkward moments, so the list can never be stale. Under pytest-xdist
each worker writes its part and the controlling process joins them.
"""

import contextlib
import os
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

_read = [False]
_readers = pytest.StashKey[set]()
# While recording, the parts of a test that read the calendar; at the awkward moments, the
# parts of a listed test that run.
_read_parts = pytest.StashKey[set]()
_parts_to_run = pytest.StashKey[frozenset]()


def pytest_addoption(parser):
    group = parser.getgroup("cpse")
    group.addoption("--record-clock-readers", metavar="PATH", help="write the ids of the tests that read the calendar")
    group.addoption(
        "--only-clock-readers", metavar="PATH", help="run only the tests listed (one node id a line, and its parts)"
    )


def _record_path(config) -> Path | None:
    value = config.getoption("record_clock_readers")
    return Path(value).resolve() if value else None


def _worker(config) -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def pytest_configure(config):
    if _record_path(config) is None:
        return
    if "," in os.environ.get("CPSE_TEST_CLOCK", "").strip(" ,"):
        # The tests' ids would then name their moments, which the list leaves out.
        raise pytest.UsageError("--record-clock-readers records at one moment: give CPSE_TEST_CLOCK one, or none")
    config.stash[_readers] = set()
    original = timezone.localtime

    def localtime(*args, **kwargs):
        note_a_read()
        return original(*args, **kwargs)

    timezone.localtime = localtime


@contextlib.contextmanager
def calendar_reads():
    """Whether what runs inside reads the calendar: the list yielded holds True if it did.
    What it reads is not counted for the test that is running."""
    running, _read[0] = _read[0], False
    seen = [False]
    try:
        yield seen
    finally:
        seen[0], _read[0] = _read[0], running


@contextlib.contextmanager
def part_of_the_test(item, name: str):
    """A part of the test `item` that stands on its own, as a test of its own would (one
    persona's request in the permission matrix): a read of the calendar inside it counts
    for the part, not for the whole test."""
    with calendar_reads() as seen:
        yield
    if seen[0]:
        item.stash.setdefault(_read_parts, set()).add(name)


def parts_read(item) -> set[str]:
    """The parts of the test `item` that read the calendar so far (`part_of_the_test`)."""
    return item.stash.get(_read_parts, set())


def run_only_parts(item, parts: frozenset | None) -> None:
    """Run only these parts of the test `item` (None: all of it)."""
    if parts is not None:
        item.stash[_parts_to_run] = parts


def part_runs(item, name: str) -> bool:
    """Whether this part of the test runs: always, but at the awkward moments, where a test
    listed with some of its parts runs only those."""
    parts = item.stash.get(_parts_to_run, None)
    return parts is None or name in parts


def listed(line: str) -> tuple[str, frozenset | None]:
    """A line of the list: a test's id and the parts of it that read the calendar (None:
    the whole test)."""
    nodeid, _, parts = line.partition("\t")
    return nodeid, frozenset(parts.split(",")) if parts else None


def read_calendar():
    """Count the running test as reading the calendar."""
    _read[0] = True


# How many of the travels under way are to the run's moment (`at_the_runs_moment`).
_runs_travels = [0]


@contextlib.contextmanager
def at_the_runs_moment(moment):
    """The clock at the moment the run starts everything at (None: the real clock, left
    alone), running on from there. A read of the calendar under it counts, as one at the
    real clock does; under a travel of the test's own inside it, it does not."""
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=True):
        _runs_travels[0] += 1
        try:
            yield
        finally:
            _runs_travels[0] -= 1


def note_a_read():
    """A read of the calendar, as `timezone.localtime` reports it while recording: it counts
    unless the test has pinned the clock itself (time-machine) at that moment: every date
    it reads then is the one the test chose, the same at any moment the run starts at."""
    if len(time_machine.traveller_stack) <= _runs_travels[0]:
        _read[0] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _record_path(item.config) is None:
        return (yield)
    _read[0] = False
    result = yield
    parts = parts_read(item)
    if _read[0]:
        item.config.stash[_readers].add(item.nodeid)
    elif parts:
        item.config.stash[_readers].add(f"{item.nodeid}\t{','.join(sorted(parts))}")
    return result


def pytest_sessionfinish(session):
    path = _record_path(session.config)
    if path is None:
        return
    worker = _worker(session.config)
    if worker:
        Path(f"{path}.{worker}").write_text("".join(f"{nodeid}\n" for nodeid in session.config.stash[_readers]))
        return
    readers = set(session.config.stash[_readers])
    for part in path.parent.glob(f"{path.name}.gw*"):
        readers.update(part.read_text().splitlines())
        part.unlink()
    path.write_text("".join(f"{nodeid}\n" for nodeid in sorted(readers)))


def moment_id(moment) -> str:
    """How a moment is named in a test's id when the tests run at several (tests/conftest.py
    `pinned_clocks`)."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def recorded_id(item) -> str:
    """The test's id as a run at one moment records it: without the moment it runs at."""
    callspec = getattr(item, "callspec", None)
    moment = callspec.params.get("_clock_moment") if callspec else None
    if moment is None:
        return item.nodeid
    name = moment_id(moment)
    for part, whole in ((f"[{name}]", ""), (f"[{name}-", "["), (f"-{name}]", "]")):
        if part in item.nodeid:
            return item.nodeid.replace(part, whole, 1)
    raise ValueError(f"No moment {name} in {item.nodeid}")


def pytest_collection_modifyitems(config, items):
    value = config.getoption("only_clock_readers")
    if not value:
        return
    wanted = dict(listed(line) for line in Path(value).read_text().splitlines())
    selected, deselected = [], []
    for item in items:
        key = recorded_id(item)
        if key not in wanted:
            deselected.append(item)
            continue
        run_only_parts(item, wanted[key])
        selected.append(item)
    config.hook.pytest_deselected(items=deselected)
    items[:] = selected
