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
whatever moment the run starts (`note_a_read`). Rows made once for many tests
(the permission matrix's personas) say which of them read the calendar when they were
made (`calendar_reads`), and a test that uses one of those counts as reading it
(`read_calendar`), as it would have if it had made them itself.
`.ci/run` records the list in its
first run of the suite and uses it, from the same commit, for the awkward moments, so the
list can never be stale. Under pytest-xdist each worker writes its part and the
controlling process joins them.
"""

import contextlib
import os
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

_read = [False]
_readers = pytest.StashKey[set]()


def pytest_addoption(parser):
    group = parser.getgroup("cpse")
    group.addoption("--record-clock-readers", metavar="PATH", help="write the ids of the tests that read the calendar")
    group.addoption("--only-clock-readers", metavar="PATH", help="run only the tests listed (one node id a line)")


def _record_path(config) -> Path | None:
    value = config.getoption("record_clock_readers")
    return Path(value).resolve() if value else None


def _worker(config) -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def pytest_configure(config):
    if _record_path(config) is None:
        return
    if os.environ.get("CPSE_TEST_CLOCK", "").strip():
        # Every test would then run on a pinned clock, and none would count.
        raise pytest.UsageError("--record-clock-readers records at the real clock: unset CPSE_TEST_CLOCK")
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


def read_calendar():
    """Count the running test as reading the calendar."""
    _read[0] = True


def note_a_read():
    """A read of the calendar, as `timezone.localtime` reports it while recording: it counts
    unless the clock is pinned (time-machine) at that moment. The list is recorded at the
    real clock, so a pinned clock is the test's own: every date it reads then is the one
    the test chose, the same at any moment the run starts at."""
    if not time_machine.escape_hatch.is_travelling():
        _read[0] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _record_path(item.config) is None:
        return (yield)
    _read[0] = False
    result = yield
    if _read[0]:
        item.config.stash[_readers].add(item.nodeid)
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
    wanted = set(Path(value).read_text().splitlines())
    selected = [item for item in items if recorded_id(item) in wanted]
    config.hook.pytest_deselected(items=[item for item in items if recorded_id(item) not in wanted])
    items[:] = selected
