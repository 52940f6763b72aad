"""A browser test keeps the real clock, as the browser does, even in a run that starts every
other test at a pinned moment (`CPSE_TEST_CLOCK`, as `.ci/run`'s first run sets it;
tests/conftest.py `_test_clock`): the server and the browser then agree on when a session
or a form expires."""

import time_machine


def test_a_browser_test_keeps_the_real_clock(live_server):
    assert not time_machine.escape_hatch.is_travelling()
