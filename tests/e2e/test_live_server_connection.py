"""The browser tests' own queries run on the connection the live server shares (SQLite in
memory), so they wait for its turn (tests/e2e/conftest.py `browser`,
tests/e2e/live_server.py)."""

import pytest
from django.db import connections

from tests.e2e.live_server import between_requests


def test_the_tests_queries_run_on_the_connection_the_live_server_shares(page, live_server):
    shared = live_server.thread.connections_override
    if not shared:
        pytest.skip("each thread has its own connection (PostgreSQL): there is no turn to wait for")
    page.goto("/")  # Playwright's loop is running, as in every browser test
    assert connections["default"] is shared["default"]
    assert between_requests(connections["default"]) is live_server.thread.httpd.turn
