"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Everything in this folder is marked `e2e` and is skipped, with the reason shown, when
chromium is not installed (`scripts/ensure-chromium` installs it; a browser is never
downloaded by a test tool).
"""

import datetime
import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread
from django.utils import timezone
from playwright.sync_api import sync_playwright

from tests.conftest import TOTP_SECRET
from tests.e2e.live_server import LiveServer
from tests.e2e.support import DESKTOP, PHONE, new_context, screenshot, sign_in
from tests.factories import CohortFactory

E2E_DIR = Path(__file__).resolve().parent
# Debian's headless shell of the same chromium (the build Playwright itself runs headless
# tests on) when it is installed: a third less CPU for the same pages (docs/decisions.md).
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")
# Without the background-networking flags chromium keeps trying to reach Google's
# services, which misbehaves on a closed network. V8 runs every script with its two
# lower tiers only: a test's page lives for seconds, so what the optimising compilers
# (Maglev, TurboFan) do in the background is never paid back (8-17 % less of chromium's
# CPU over the same tests, measured side by side: benchmarks/RESULTS.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--js-flags=--no-opt --no-maglev",
]
# Fail fast: a missing element should not hold the suite for 30 seconds.
TIMEOUT_MS = 10_000

_reports = pytest.StashKey[dict]()

# pytest-django's `live_server` runs Django's LiveServerThread, which builds its server from
# this class attribute; only the browser tests use it (tests/e2e/live_server.py says why).
LiveServerThread.server_class = LiveServer


def pytest_collection_modifyitems(config, items):
    # A session-wide hook: it sees every test, so only touch the ones in this folder.
    if CHROMIUM is None and os.environ.get("CPSE_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("CPSE_REQUIRE_BROWSER=1 but chromium is not installed (scripts/ensure-chromium)")
    skip = pytest.mark.skip(reason="chromium is not installed (run scripts/ensure-chromium or `make e2e`)")
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            if CHROMIUM is None:
                item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so page fixtures know whether it failed.
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="package")
def browser():
    """One chromium for the whole folder.

    Package scope rather than session scope: while Playwright's sync API runs, the main
    thread has a running asyncio loop, and Django refuses ORM calls from such a thread
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Both the browser and that setting end with
    the last browser test, so the rest of the suite keeps Django's safety check.

    With that loop running, Django keeps the thread's database connections apart from the
    ones it had before (`connections` is "thread critical": per async context). The tests
    are given back the ones they had, which the live server shares on SQLite in memory:
    otherwise their own queries, and the putting back of the database after each test, ran
    on a second connection that never waited for the live server's turn
    (tests/e2e/live_server.py).
    """
    before = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in before.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db, live_server):
    """Every browser test: the live server, on a database the test may change. When the
    test ends the database is put back as the test process started with it (tests/conftest.py
    `transactional_test_teardown`)."""


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")


def _open_page(request, browser, live_server, viewport, label):
    context = new_context(browser, viewport=viewport, base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # The site allows no inline script (CSP); a page that breaks that rule, or throws,
    # fails its test.
    problems = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"Console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield page
    reports = request.node.stash.get(_reports, {})
    failed = any(report.failed for report in reports.values())
    if failed and not page.is_closed():
        path = screenshot(page, f"failed-{_safe_name(request.node.nodeid)}-{label}.png")
        print(f"\nScreenshot of the failed page: {path} ({page.url})")
    context.close()
    if problems and not failed:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems))


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context (no cookies) at desktop width; `page.goto("/")` opens the site."""
    yield from _open_page(request, browser, live_server, DESKTOP, "desktop")


@pytest.fixture
def phone_page(request, browser, live_server):
    """As `page`, at a small phone's width (360 x 740)."""
    yield from _open_page(request, browser, live_server, PHONE, "phone")


@pytest.fixture
def open_cohort(db):
    """A cohort taking applications today, so the public pages show everything they can."""
    today = timezone.localdate()
    return CohortFactory(
        year=today.year,
        applications_open=today - datetime.timedelta(days=10),
        applications_close=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def signed_in_participant(page, participant):
    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    return page


@pytest.fixture
def signed_in_staff(page, program_staff):
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    return page
