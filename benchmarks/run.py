"""Page benchmarks against a baseline measured in the same run (BENCHMARKS.md).

    .venv/bin/python -m benchmarks.run [--duration 5] [--rounds 5] [--threads 2] [--connections 8]
                                       [--load auto|wrk|python] [--output PATH] [--strict] [--sweep]

Seeds the demo data, counts each page's queries in-process, starts gunicorn (2 workers)
on a free local port, loads every page with wrk and adds a dated section to
benchmarks/RESULTS.md. To benchmark a new page, add one line to PAGES. With --sweep, the
pages are every page the demo accounts can reach instead (benchmarks/sweep.py).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import io
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = Path(__file__).with_name("RESULTS.md")
SETTINGS_MODULE = "benchmarks.settings"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    login_as: str | None = None  # a demo account's email; None loads the page anonymously
    kind: str = "read"  # read | form | verification: picks the throughput target below


# dashboard/management/commands/seed_demo.py makes these accounts (the smoke test checks).
PARTICIPANT = "participant@demo.cpse.invalid"
APPLICANT = "applicant@demo.cpse.invalid"
MANAGER = "manager@demo.cpse.invalid"

BASELINE = Page("baseline: 100-row table, no DB", "/baseline/")
PAGES: list[Page] = [
    Page("program home (public)", "/"),
    Page("login form", "/accounts/login/"),
    Page("my program (participant)", "/my-program/", login_as=PARTICIPANT),
    Page("my application (applicant)", "/apply/", login_as=APPLICANT),
    Page("applications queue (staff)", "/staff/applications/", login_as=MANAGER),
    Page("interview times (staff)", "/staff/applications/interviews/", login_as=MANAGER),
    Page("my hours: progress (participant)", "/hours/", login_as=PARTICIPANT),
    Page("cohort progress grid (staff)", "/staff/hours/progress/", login_as=MANAGER),
    Page("my exam (participant)", "/exam/", login_as=PARTICIPANT),
    Page("exam scoring queue (staff)", "/staff/exam/scoring/", login_as=MANAGER),
]


def scale_pages() -> list[Page]:
    """With --scale: the same pages on a database of 3,000 participants and 100,000 hour
    entries (benchmarks/seed_scale.py): a full cohort's grid and a participant's progress."""
    from cohorts.models import Participant

    participant = Participant.objects.filter(user__email__endswith="scale.cpse.invalid").order_by("-pk").first()
    return [
        Page("my hours at scale (participant)", "/hours/?at=scale", login_as=participant.user.email),
        Page(
            "cohort progress grid at scale (staff)",
            f"/staff/hours/progress/?cohort={participant.cohort_id}",
            login_as=MANAGER,
        ),
    ]


# Targets (BENCHMARKS.md): share of the baseline's requests/s; p99 at most 3x the baseline's.
RPS_TARGETS = {"read": 0.5, "form": 0.25, "verification": 1.0}
P99_MAX_RATIO = 3.0
MAX_QUERIES = 12
KEEP_RUNS = 10
WARMUP_REQUESTS = 20


@dataclass(frozen=True)
class Load:
    """What one load run (or the summary of several) measured."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0  # non-2xx/3xx responses, timeouts, failed connections


@dataclass
class Result:
    page: Page
    load: Load | None  # median over the rounds; None when the page did not answer 200
    queries: int | None
    rps_ratio: float = 0.0
    p99_ratio: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


# -- pure helpers (the smoke test covers these) ----------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def duration_ms(text: str) -> float:
    """wrk's '635.91us', '1.20ms', '2.01s' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> Load:
    """Requests/s, p50, p99 and errors from `wrk --latency` output."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    p50 = re.search(r"^\s*50(?:\.0+)?%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s*99(?:\.0+)?%\s+(\S+)", output, re.MULTILINE)
    if not (rps and total and p50 and p99):
        raise ValueError(f"unexpected wrk output:\n{output}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx[1])
    sockets = re.search(r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", output)
    if sockets:
        # Read errors are left out: gunicorn's sync workers close every connection, which
        # wrk may count; they cost throughput, which is measured anyway.
        errors += sum(int(n) for n in sockets.groups())
    return Load(int(total[1]), float(rps[1]), duration_ms(p50[1]), duration_ms(p99[1]), errors)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(min(rank, len(sorted_values))) - 1]


def summarize(rounds: list[Load]) -> Load:
    """Medians over rounds: one round hit by a neighbour's burst does not move them."""
    return Load(
        sum(r.requests for r in rounds),
        statistics.median(r.rps for r in rounds),
        statistics.median(r.p50_ms for r in rounds),
        statistics.median(r.p99_ms for r in rounds),
        sum(r.errors for r in rounds),
    )


def evaluate(page: Page, rounds: list[Load] | None, baseline_rounds: list[Load], queries: int | None) -> Result:
    """Ratios are taken round by round (each page next to the baseline measured seconds
    before it), then the median: drift over the run cancels out."""
    if not rounds:
        return Result(page, None, queries, failures=["did not answer 200"])
    result = Result(page, summarize(rounds), queries)
    pairs = list(zip(rounds, baseline_rounds, strict=True))
    result.rps_ratio = statistics.median(p.rps / b.rps if b.rps else 0.0 for p, b in pairs)
    result.p99_ratio = statistics.median(p.p99_ms / b.p99_ms if b.p99_ms else float("inf") for p, b in pairs)
    target = RPS_TARGETS[page.kind]
    if result.rps_ratio < target:
        result.failures.append(f"req/s {result.rps_ratio:.2f}x < {target:.2f}x")
    if result.p99_ratio > P99_MAX_RATIO:
        result.failures.append(f"p99 {result.p99_ratio:.2f}x > {P99_MAX_RATIO:.0f}x")
    if result.load.errors:
        result.failures.append(f"{result.load.errors} errors")
    if queries is None:
        result.failures.append("queries not counted")
    elif queries > MAX_QUERIES:
        result.failures.append(f"{queries} queries > {MAX_QUERIES}")
    return result


def format_section(
    meta: dict[str, str], baseline_rounds: list[Load], results: list[Result], baseline_queries: int | None
) -> str:
    """One run as a Markdown section of RESULTS.md."""
    baseline = summarize(baseline_rounds)
    verdict = "pass" if all(r.passed for r in results) else "FAIL"
    spread = f"{min(r.rps for r in baseline_rounds):.0f}–{max(r.rps for r in baseline_rounds):.0f}"
    lines = [
        f"## {meta['date']} — {verdict}",
        "",
        *(f"- {key}: {value}" for key, value in meta.items() if key != "date"),
        f"- baseline req/s across rounds: {spread} (the spread is this machine's noise)",
        "",
        "| page | path | queries | req/s | × baseline | target | p50 ms | p99 ms | p99 × baseline | result |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
        f"| {BASELINE.name} | `{BASELINE.path}` | {_or_dash(baseline_queries)} | {baseline.rps:.0f} | 1.00 | — "
        f"| {baseline.p50_ms:.1f} | {baseline.p99_ms:.1f} | 1.00 | — |",
    ]
    for r in results:
        target = f"≥ {RPS_TARGETS[r.page.kind]:.2f}"
        outcome = "pass" if r.passed else "FAIL: " + "; ".join(r.failures)
        if r.load is None:
            figures = "— | — | " + target + " | — | — | —"
        else:
            figures = (
                f"{r.load.rps:.0f} | {r.rps_ratio:.2f} | {target} | {r.load.p50_ms:.1f} | {r.load.p99_ms:.1f} "
                f"| {r.p99_ratio:.2f}"
            )
        lines.append(f"| {r.page.name} | `{r.page.path}` | {_or_dash(r.queries)} | {figures} | {outcome} |")
    return "\n".join(lines) + "\n"


def _or_dash(value: int | None) -> str:
    return "—" if value is None else str(value)


RESULTS_HEADER = """# Benchmark results

Written by `python -m benchmarks.run` (see README.md), newest first; the last {keep} runs are kept.
Figures are ratios to the baseline page measured in the same run: bare times on this
shared machine mean little.
"""


# A section written by hand (the test suite's profile) stays at the top, outside the count,
# and so does the production rehearsal's latest (benchmarks/rehearsal, which replaces it).
PINNED_HEADING = ("## Test suite", "## Production rehearsal")


def merge_history(existing: str, section: str, keep: int = KEEP_RUNS) -> str:
    """The header, the pinned sections, the new section, then the newest earlier ones up
    to `keep` runs in all."""
    old_sections = [part for part in re.split(r"(?m)^(?=## )", existing) if part.startswith("## ")]
    pinned = [part for part in old_sections if part.startswith(PINNED_HEADING)]
    runs = [part for part in old_sections if not part.startswith(PINNED_HEADING)]
    sections = [*pinned, *[section, *runs][:keep]]
    return RESULTS_HEADER.format(keep=keep) + "\n" + "\n".join(s.rstrip("\n") + "\n" for s in sections)


def machine_description() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpus} CPUs ({model}), load average {os.getloadavg()[0]:.2f} at start"


# -- load generators -------------------------------------------------------------------


def fetch(port: int, path: str, headers: dict[str, str], *, timeout: float = 10) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wrk_load(
    wrk: str, port: int, path: str, headers: dict[str, str], *, seconds: int, threads: int, connections: int
) -> Load:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)
    return parse_wrk(completed.stdout)


def python_load(port: int, path: str, headers: dict[str, str], *, seconds: float, connections: int) -> Load:
    """Fallback when wrk is missing: `connections` threads with http.client for `seconds`.
    The client shares the GIL, so it saturates sooner than wrk; ratios stay comparable
    within a run but are squeezed towards 1."""
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(index: int) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path, headers, timeout=5)
            except OSError:
                errors[index] += 1
                continue
            latencies[index].append((time.perf_counter() - started) * 1000)
            if status >= 400:
                errors[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 10)
    elapsed = time.monotonic() - started
    values = sorted(value for per_thread in latencies for value in per_thread)
    return Load(len(values), len(values) / elapsed, percentile(values, 50), percentile(values, 99), sum(errors))


def headers_for(page: Page, sessions: dict[str, str]) -> dict[str, str]:
    """The Cookie header that signs a request in as the page's account."""
    from django.conf import settings

    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[page.login_as]}"} if page.login_as else {}


def page_loader(
    wrk: str | None, port: int, sessions: dict[str, str], *, seconds: int, threads: int, connections: int
) -> Callable[[Page], Load]:
    """One load run of a page: wrk when there is one, else the Python fallback."""

    def load(page: Page) -> Load:
        headers = headers_for(page, sessions)
        if wrk:
            return wrk_load(wrk, port, page.path, headers, seconds=seconds, threads=threads, connections=connections)
        return python_load(port, page.path, headers, seconds=seconds, connections=connections)

    return load


def warm_up(port: int, path: str, headers: dict[str, str]) -> int:
    """WARMUP_REQUESTS requests; 200, or the first other status (0: no answer in time)."""
    for _ in range(WARMUP_REQUESTS):
        try:
            status = fetch(port, path, headers, timeout=5)[0]
        except OSError:
            return 0
        if status != 200:
            return status
    return 200


def find_wrk() -> str | None:
    """wrk, installed from Debian when missing and we may (root with apt-get)."""
    wrk = shutil.which("wrk")
    if wrk or not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return wrk
    print("wrk is missing: trying `apt-get install -y wrk`...", flush=True)
    try:
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, timeout=180, check=True)
    except (subprocess.SubprocessError, OSError):
        return None
    return shutil.which("wrk")


# -- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(port: int, workers: int = 2, startup_timeout: float = 30) -> Iterator[subprocess.Popen]:
    """gunicorn on 127.0.0.1:port with the benchmark settings; always stopped on exit."""
    # DEBUG off over plain HTTP on 127.0.0.1: the settings' named opt-out for a local try-out.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "DEBUG": "false", "ALLOW_PLAIN_HTTP": "true"}
    command = [
        *(sys.executable, "-m", "gunicorn", "cpse.wsgi:application"),
        *(f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--log-level=warning", "--graceful-timeout=5"),
    ]
    with tempfile.TemporaryFile("w+") as log:
        # Its own session, so a stuck server can be killed with its workers and nothing else.
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + startup_timeout
            while not _answers(port):
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read()[-3000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer within {startup_timeout:.0f} s")
                time.sleep(0.2)
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)


def _answers(port: int) -> bool:
    try:
        return fetch(port, BASELINE.path, {}, timeout=2)[0] == 200
    except OSError:
        return False


# -- in-process Django -----------------------------------------------------------------


def prepare_django(*, scale: bool = False) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    if scale and not os.environ.get("DATABASE_URL"):
        # Its own database file: the scale data would crowd the demo `make run` shows.
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-scale.sqlite3'}"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOW_PLAIN_HTTP"] = "true"
    import django

    django.setup()
    from django.core.management import call_command

    # Quick and idempotent: `make bench` has migrated already; seed_demo is safe to rerun.
    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    if scale:
        from benchmarks.seed_scale import seed

        seed()


def login_sessions(emails: set[str]) -> dict[str, str]:
    """A real session per account, stored where gunicorn reads it. force_login skips the
    login form, so staff accounts (which have MFA set up) work the same way."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    sessions = {}
    for email in sorted(emails):
        client = Client(SERVER_NAME="localhost")
        client.force_login(get_user_model().objects.get(email=email))
        sessions[email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def drop_sessions(sessions: dict[str, str]) -> None:
    from django.apps import apps
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=sessions.values()).delete()
    if apps.is_installed("allauth.usersessions"):  # it lists sessions to their owner
        from allauth.usersessions.models import UserSession

        UserSession.objects.filter(session_key__in=sessions.values()).delete()


def client_for(page: Page, sessions: dict[str, str]):
    """A test client signed in as the page's account by its session (anonymous without one)."""
    from django.conf import settings
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    if page.login_as:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.login_as]
    return client


def count_queries(pages: list[Page], sessions: dict[str, str]) -> dict[str, int | None]:
    """Queries of each page's second request (the first may fill caches); None unless 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int | None] = {}
    for page in pages:
        client = client_for(page, sessions)
        client.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        counts[page.path] = len(captured.captured_queries) if response.status_code == 200 else None
    return counts


def git_revision() -> str:
    try:
        completed = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, timeout=5
        )
    except (subprocess.SubprocessError, OSError):
        return "unknown"
    return completed.stdout.strip() or "unknown"


# -- the run ---------------------------------------------------------------------------


def measure(pages: list[Page], rounds: int, load: Callable[[Page], Load]) -> dict[str, list[Load]]:
    """Each round loads the baseline, then every page: a page is always compared with a
    baseline measured seconds earlier, under the same background noise."""
    measured: dict[str, list[Load]] = {page.path: [] for page in [BASELINE, *pages]}
    for number in range(1, rounds + 1):
        for page in [BASELINE, *pages]:
            measured[page.path].append(load(page))
        figures = ", ".join(f"{path} {loads[-1].rps:.0f}" for path, loads in measured.items())
        print(f"  round {number}/{rounds} req/s: {figures}", flush=True)
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page in all (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="the duration is split into this many rounds")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH)
    parser.add_argument(
        "--scale", action="store_true", help="add 3,000 participants and 100,000 hour entries (own database file)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses its target")
    parser.add_argument(
        "--sweep", action="store_true", help="every page the demo accounts can reach, found by crawling (sweep.py)"
    )
    args = parser.parse_args(argv)
    rounds = max(1, min(args.rounds, args.duration))  # wrk takes whole seconds
    seconds = max(1, args.duration // rounds)
    started = time.monotonic()
    machine = machine_description()  # before we load the machine ourselves

    wrk = None if args.load == "python" else find_wrk()
    if args.load == "wrk" and not wrk:
        parser.error("wrk is not installed")
    if wrk:
        tool = f"wrk, {args.threads} threads, {args.connections} connections"
    else:
        tool = f"Python fallback (wrk missing), {args.connections} threads: ratios are squeezed towards 1"

    if args.sweep:
        from benchmarks import sweep

        return sweep.main(args, rounds=rounds, seconds=seconds, wrk=wrk, tool=tool, machine=machine)

    prepare_django(scale=args.scale)
    from django.db import connection, connections

    pages = PAGES + (scale_pages() if args.scale else [])
    sessions = login_sessions({page.login_as for page in pages if page.login_as})

    try:
        queries = count_queries([BASELINE, *pages], sessions)
        vendor = connection.vendor
        connections.close_all()  # gunicorn's workers open their own
        port = free_port()
        load = page_loader(wrk, port, sessions, seconds=seconds, threads=args.threads, connections=args.connections)
        print(
            f"gunicorn ({args.workers} workers) on 127.0.0.1:{port}; {tool}; {rounds} rounds of {seconds} s", flush=True
        )
        with gunicorn(port, workers=args.workers):
            # Warm the workers up, and load only pages that answer 200: a redirect to the
            # login page would benchmark the wrong page.
            answering = []
            for page in pages:
                status = warm_up(port, page.path, headers_for(page, sessions))
                if status == 200:
                    answering.append(page)
                else:
                    print(f"  {page.path} answered {status or 'nothing'}, not 200: not loaded", flush=True)
            measured = measure(answering, rounds, load)
    finally:
        drop_sessions(sessions)

    baseline_rounds = measured[BASELINE.path]
    results = [evaluate(page, measured.get(page.path), baseline_rounds, queries[page.path]) for page in pages]
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_revision(),
        "machine": machine,
        "software": f"Python {platform.python_version()}, {vendor}, gunicorn {args.workers} sync workers",
        "load": f"{tool}; {rounds} rounds of {seconds} s per page, medians of per-round ratios",
        "data": "demo data (seed_demo)"
        + (" + scale data (3,000 participants, 100,000 hour entries)" if args.scale else ""),
        "run took": f"{time.monotonic() - started:.0f} s",
    }
    section = format_section(meta, baseline_rounds, results, queries[BASELINE.path])
    existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    args.output.write_text(merge_history(existing, section), encoding="utf-8")
    print("\n" + section + f"\nWritten to {args.output}")
    return 1 if args.strict and not all(r.passed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
