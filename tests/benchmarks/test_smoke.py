"""A quick smoke of the benchmark harness (the real run is `make bench`): its pure parts,
the baseline page, query counting and the fallback load generator, without gunicorn or wrk."""

import http.server
import io
import re
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

import cpse.settings
from benchmarks import run
from benchmarks import settings as bench_settings

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:41234/baseline/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.20ms    2.31ms  31.07ms   85.12%
    Req/Sec   392.50     40.02   454.00     70.00%
  Latency Distribution
     50%  635.91us
     75%   11.02ms
     90%   12.80ms
     99%    1.20s
  785 requests in 1.00s, 20.72MB read
  Socket errors: connect 0, read 7, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    783.52
Transfer/sec:     20.67MB
"""

ROUND = run.Load(requests=100, rps=100.0, p50_ms=10.0, p99_ms=20.0)


def test_parse_wrk_reads_throughput_latency_and_errors():
    load = run.parse_wrk(WRK_OUTPUT)
    assert load.requests == 785
    assert load.rps == pytest.approx(783.52)
    assert load.p50_ms == pytest.approx(0.63591)
    assert load.p99_ms == pytest.approx(1200.0)
    # Non-2xx plus connect/write/timeout errors; read errors are gunicorn closing connections.
    assert load.errors == 3 + 2


def test_parse_wrk_refuses_output_it_does_not_understand():
    with pytest.raises(ValueError):
        run.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")
    with pytest.raises(ValueError):
        run.duration_ms("12parsecs")


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert run.percentile(values, 50) == 50.0
    assert run.percentile(values, 99) == 99.0
    assert run.percentile([7.0], 99) == 7.0
    assert run.percentile([], 50) == 0.0


def test_ratios_are_medians_of_per_round_ratios():
    """A round where the whole machine slowed down moves page and baseline together."""
    baseline = [ROUND, run.Load(50, 50.0, 20.0, 40.0), ROUND]
    page = [run.Load(60, 60.0, 15.0, 30.0), run.Load(30, 30.0, 30.0, 60.0), run.Load(20, 20.0, 50.0, 100.0)]
    result = run.evaluate(run.Page("list", "/list/"), page, baseline, queries=5)
    assert result.rps_ratio == pytest.approx(0.6)  # ratios 0.6, 0.6, 0.2
    assert result.p99_ratio == pytest.approx(1.5)  # ratios 1.5, 1.5, 5.0
    assert result.passed


@pytest.mark.parametrize(
    "page_round,kind,queries,failure",
    [
        (run.Load(40, 40.0, 10.0, 20.0), "read", 3, "req/s 0.40x < 0.50x"),
        (run.Load(40, 40.0, 10.0, 20.0), "form", 3, None),
        (run.Load(100, 100.0, 10.0, 20.0), "verification", 3, None),
        (run.Load(90, 90.0, 10.0, 20.0), "verification", 3, "req/s 0.90x < 1.00x"),
        (run.Load(100, 100.0, 10.0, 61.0), "read", 3, "p99 3.05x > 3x"),
        (run.Load(100, 100.0, 10.0, 20.0, errors=4), "read", 3, "4 errors"),
        (ROUND, "read", 13, "13 queries > 12"),
        (ROUND, "read", None, "queries not counted"),
    ],
)
def test_targets(page_round, kind, queries, failure):
    result = run.evaluate(run.Page("p", "/p/", kind=kind), [page_round], [ROUND], queries)
    assert result.failures == ([failure] if failure else [])


def test_a_page_that_did_not_answer_fails():
    result = run.evaluate(run.Page("p", "/p/"), None, [ROUND], None)
    assert not result.passed and result.load is None


def test_results_section_and_history():
    results = [
        run.evaluate(run.Page("fast", "/fast/"), [ROUND], [ROUND], 2),
        run.evaluate(run.Page("slow", "/slow/"), [run.Load(10, 10.0, 90.0, 200.0)], [ROUND], 20),
        run.evaluate(run.Page("broken", "/broken/"), None, [ROUND], None),
    ]
    section = run.format_section({"date": "2026-11-23 12:00 UTC", "machine": "2 CPUs"}, [ROUND], results, 0)
    assert section.startswith("## 2026-11-23 12:00 UTC — FAIL\n")
    assert "- machine: 2 CPUs" in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| page")]
    assert len(rows) == 4  # baseline + three pages
    assert rows[1].endswith("| pass |")
    assert "FAIL: req/s 0.10x < 0.50x; p99 10.00x > 3x; 20 queries > 12" in rows[2]
    assert "FAIL: did not answer 200" in rows[3]

    history = ""
    for day in range(1, 13):
        history = run.merge_history(history, section.replace("2026-11-23", f"2026-11-{day:02d}"), keep=10)
    dates = re.findall(r"^## (\S+)", history, re.MULTILINE)
    assert dates == [f"2026-11-{day:02d}" for day in range(12, 2, -1)]  # newest first, ten kept
    assert history.count("# Benchmark results") == 1

    pinned = "## Test suite: where its time goes\n\nWritten by hand.\n"
    history = run.merge_history(history.replace("\n## ", "\n" + pinned + "\n## ", 1), section, keep=10)
    for day in range(13, 16):
        history = run.merge_history(history, section.replace("2026-11-23", f"2026-11-{day:02d}"), keep=10)
    headings = re.findall(r"^## (.+)$", history, re.MULTILINE)
    assert headings[0] == "Test suite: where its time goes" and len(headings) == 11  # kept on top, not counted
    assert headings[1].startswith("2026-11-15")


def test_every_page_resolves_under_the_benchmark_urls():
    assert run.BASELINE.path == "/baseline/"
    for page in [run.BASELINE, *run.PAGES]:
        resolve(page.path, urlconf="benchmarks.urls")
        assert page.kind in run.RPS_TARGETS, page


def test_benchmark_settings_add_to_the_app_settings_without_changing_them():
    assert bench_settings.ROOT_URLCONF == "benchmarks.urls"
    assert bench_settings.DEBUG is False
    assert set(bench_settings.ALLOWED_HOSTS) == {"localhost", "127.0.0.1"}
    template_dir = bench_settings.BASE_DIR / "benchmarks" / "templates"
    assert template_dir in bench_settings.TEMPLATES[0]["DIRS"]
    assert template_dir not in cpse.settings.TEMPLATES[0]["DIRS"]


@pytest.fixture
def benchmark_urls():
    with override_settings(ROOT_URLCONF="benchmarks.urls", TEMPLATES=bench_settings.TEMPLATES):
        yield


@pytest.mark.django_db
def test_baseline_page_is_a_100_row_table_with_no_queries(client, benchmark_urls):
    client.get("/baseline/")  # warm the template cache, as the real run does
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/baseline/")
    assert response.status_code == 200
    assert len(captured.captured_queries) == 0
    assert response.content.decode().count('<tr class="baseline-row">') == 100
    # In the site's layout, like the pages it is compared with.
    assert b'id="main"' in response.content


@pytest.mark.django_db
def test_sessions_and_query_counts(participant, benchmark_urls):
    email = participant.user.email
    sessions = run.login_sessions({email})
    pages = [run.BASELINE, run.Page("mine", "/my-program/", login_as=email), run.Page("nowhere", "/no-such-page/")]
    counts = run.count_queries(pages, sessions)
    assert counts["/baseline/"] == 0
    assert 0 < counts["/my-program/"] <= run.MAX_QUERIES  # signed in: a redirect would count as None
    assert counts["/no-such-page/"] is None
    run.drop_sessions(sessions)
    assert run.count_queries(pages[1:2], sessions)["/my-program/"] is None
    if apps.is_installed("allauth.usersessions"):
        from allauth.usersessions.models import UserSession

        assert not UserSession.objects.filter(session_key__in=sessions.values()).exists()


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.headers.get("Cookie") == "sessionid=abc" else 403
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_python_fallback_load_generator_and_warm_up():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        good = run.python_load(port, "/", {"Cookie": "sessionid=abc"}, seconds=0.3, connections=2)
        bad = run.python_load(port, "/", {}, seconds=0.2, connections=2)
        assert run.warm_up(port, "/", {"Cookie": "sessionid=abc"}) == 200
        assert run.warm_up(port, "/", {}) == 403
    finally:
        server.shutdown()
        server.server_close()
    assert good.requests > 0 and good.errors == 0
    assert good.rps > 0 and 0 < good.p50_ms <= good.p99_ms
    assert bad.errors == bad.requests > 0


@pytest.mark.django_db
def test_the_scale_seed_makes_what_it_says_once_and_the_scale_pages_answer(client, benchmark_urls):
    from django.contrib.auth import get_user_model

    from benchmarks.seed_scale import seed
    from cohorts.models import Participant
    from requirements_tracking.models import HourEntry

    counts = seed(credentials=2, years=range(2024, 2026), per_cohort=3, hour_entries=50, stdout=lambda _: None)
    assert counts == {"credentials": 2, "cohorts": 4, "participants": 12, "hour entries": 50}
    assert HourEntry.objects.count() == 50 and Participant.objects.count() == 12
    seed(credentials=2, years=range(2024, 2026), per_cohort=3, hour_entries=50, stdout=lambda _: None)
    assert HourEntry.objects.count() == 50  # a second run does nothing
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    for page in run.scale_pages():
        client.force_login(get_user_model().objects.get(email=page.login_as))
        assert client.get(page.path).status_code == 200, page
