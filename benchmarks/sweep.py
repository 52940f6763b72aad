"""Every page the demo accounts can reach, found by crawling and measured against the baseline.

    .venv/bin/python -m benchmarks.run --sweep [--duration 5] [--rounds 5] [--output PATH] [--strict]

The pages in `benchmarks.run.PAGES` are the ones someone chose; this sweep measures the
rest too. For each demo account (one per role, as `manage.py demo_logins` lists them) and
the anonymous visitor it:

1. crawls the site in-process with Django's test client, signed in with `force_login`:
   from `/` (following redirects, so each account starts on its own landing page),
   breadth first along the same-site `<a href>` links of every HTML page, GET only;
2. counts each page's queries (its second request, as `run.count_queries` does; the two
   requests are also the warm-ups) and times it against the baseline page in the same
   process: REPEATS pairs of requests, baseline then page, and the median of the per-pair
   ratios baseline time ÷ page time. This in-process ratio stands in for throughput;
3. loads each role's SLOWEST pages with wrk through gunicorn, as `benchmarks.run` does
   (rounds of baseline then pages, medians of per-round ratios), so they have the same
   requests/s ratio as the rest of the benchmark.

A dated section is added at the top of RESULTS.md: pages found per role, the slowest
pages per role, and every page over MAX_QUERIES queries.

Rules chosen here: a page is a URL pattern and view (`resolve(path).route` and the view
name), measured once per role at the first URL found for it, so query strings that
paginate or filter count as the same page. Only answers of 200 with HTML are measured;
other 200 answers are downloads (PDF, CSV) and other statuses are counted, neither is
measured. Never followed: sign-out, language switching, the quick exit, static and media
files, the back office, other sites, mailto: and tel: links, fragments of a page. The
back-office admin account is left out: past the back office it sees what any signed-in
person sees. The crawl stops after CRAWL_CAP URLs a role, and the report says so. Every
page is held to the read-page target (≥ 0.50 × the baseline) and MAX_QUERIES queries; for
the pages loaded with wrk, the wrk result decides (with run.py's other targets: p99 and
errors). A page that answers with a server error fails the sweep.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from benchmarks import run

CRAWL_CAP = 200
REPEATS = 7
SLOWEST = 10
TARGET = run.RPS_TARGETS["read"]
HOST = "localhost"  # run.client_for's SERVER_NAME
PAGE, DOWNLOAD = "page", "download"
# Followed, these would sign the account out, switch its language or end its session.
SKIPPED_VIEWS = frozenset({"account_logout", "set_language", "accounts:leave"})
# Files, and the Django admin (a back office for superusers, not the site's pages).
SKIPPED_PREFIXES = ("/static/", "/media/", "/back-office/")


@dataclass(frozen=True)
class Role:
    name: str
    email: str | None  # a demo account; None for the anonymous visitor


@dataclass(frozen=True)
class Found:
    path: str
    view_name: str
    answer: str  # PAGE, DOWNLOAD, or the status code of any other answer


@dataclass(frozen=True)
class Crawl:
    role: Role
    found: list[Found]
    unvisited: int = 0  # links left in the queue when the crawl stopped at the cap

    def answering(self, answer: str) -> list[Found]:
        return [found for found in self.found if found.answer == answer]


@dataclass
class Swept:
    """One page of one role: its in-process figures and, for the slowest, the wrk result."""

    role: Role
    found: Found
    queries: int | None
    ratio: float | None  # in-process: median of baseline time ÷ page time
    loaded: run.Result | None = None

    @property
    def page(self) -> run.Page:
        return run.Page(self.found.view_name, self.found.path, login_as=self.role.email)

    @property
    def failures(self) -> list[str]:
        if self.loaded is not None:
            return self.loaded.failures
        failures = []
        if self.ratio is None:
            failures.append("did not answer 200 when measured")
        elif self.ratio < TARGET:
            failures.append(f"{self.ratio:.2f}x < {TARGET:.2f}x in-process")
        if self.queries is not None and self.queries > run.MAX_QUERIES:
            failures.append(f"{self.queries} queries > {run.MAX_QUERIES}")
        return failures


@dataclass
class Report:
    crawls: list[Crawl] = field(default_factory=list)
    swept: list[Swept] = field(default_factory=list)

    def of(self, role: Role) -> list[Swept]:
        return [s for s in self.swept if s.role == role]

    def server_errors(self) -> list[tuple[Role, Found]]:
        return [(c.role, found) for c in self.crawls for found in c.found if found.answer.startswith("5")]

    @property
    def passed(self) -> bool:
        return not self.server_errors() and not any(s.failures for s in self.swept)


# -- the accounts ----------------------------------------------------------------------


def demo_roles() -> list[Role]:
    """The anonymous visitor and one demo account per role, as `manage.py demo_logins` lists them."""
    from django.utils import translation

    from dashboard.demo.mentorship import MENTOR
    from dashboard.management.commands.seed_demo import PILOT, SPONSORS, STAFF, demo_email

    with translation.override("en"):
        staff = [Role(str(role.label).lower(), demo_email(local)) for local, _, role in STAFF]
        sponsors = [Role(f"sponsor ({kind.label.lower()})", demo_email(local)) for _, kind, local, _ in SPONSORS]
    return [
        Role("anonymous", None),
        Role("participant", demo_email(PILOT[0][0])),
        Role("applicant", demo_email("applicant")),
        *staff,
        *sponsors,
        Role("peer mentor", demo_email(MENTOR[0])),
    ]


# -- the crawl -------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "data-quick-exit" not in attributes:
            self.hrefs.append(attributes["href"])


def links(html: str) -> list[str]:
    """The href of every `<a>` in the page but the quick exit's."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def same_site(base: str, href: str) -> str | None:
    """The path and query `href` leads to from the page at `base`; None for another site,
    a scheme other than http(s) (mailto:, tel:, javascript:) or a fragment of this page."""
    if href.startswith("#"):
        return None
    url = urlsplit(urljoin(f"http://{HOST}{base}", href))
    if url.scheme not in ("http", "https") or url.netloc != HOST:
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def page_key(path: str) -> tuple[str, str] | None:
    """What makes a page: its URL pattern and view. None for paths that are not
    followed: no view, a skipped view, static and media files, the back office."""
    from django.urls import Resolver404, resolve

    bare = urlsplit(path).path
    if bare.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(bare)
    except Resolver404:
        return None
    return None if match.view_name in SKIPPED_VIEWS else (match.route, match.view_name)


def answer_of(response) -> str:
    if response.status_code != 200:
        return str(response.status_code)
    return PAGE if response.get("Content-Type", "").startswith("text/html") else DOWNLOAD


def leads_to(path: str, response) -> list[str]:
    """The same-site paths a response leads to: its redirect, or its HTML page's links."""
    if response.status_code in (301, 302, 303, 307, 308):
        hrefs = [response["Location"]]
    elif answer_of(response) == PAGE:
        hrefs = links(response.content.decode(response.charset or "utf-8", errors="replace"))
    else:
        hrefs = []
    return [target for href in hrefs if (target := same_site(path, href))]


def crawl(role: Role, client, *, cap: int = CRAWL_CAP) -> Crawl:
    """Breadth first from `/`, each page (pattern and view) visited once, GET only."""
    queue = deque([("/", page_key("/"))])
    seen = {key for _, key in queue}
    found = []
    while queue and len(found) < cap:
        path, (_, view_name) = queue.popleft()
        response = client.get(path)
        found.append(Found(path, view_name, answer_of(response)))
        for target in leads_to(path, response):
            key = page_key(target)
            if key is not None and key not in seen:
                seen.add(key)
                queue.append((target, key))
    return Crawl(role, found, unvisited=len(queue))


# -- in-process measurement ------------------------------------------------------------


def timed(client, path: str) -> float:
    started = time.perf_counter()
    client.get(path)
    return time.perf_counter() - started


def measure(role: Role, found: Found, sessions: dict[str, str], *, repeats: int = REPEATS) -> Swept:
    """Queries of the second request (the two are the warm-ups), then `repeats` pairs of
    baseline and page timed back to back; the median of the per-pair ratios."""
    swept = Swept(role, found, queries=None, ratio=None)
    swept.queries = run.count_queries([swept.page], sessions)[found.path]
    if swept.queries is None:
        return swept
    client = run.client_for(swept.page, sessions)
    baseline = run.client_for(run.BASELINE, sessions)
    swept.ratio = statistics.median(
        timed(baseline, run.BASELINE.path) / timed(client, found.path) for _ in range(repeats)
    )
    return swept


def slowest(swept: list[Swept], count: int = SLOWEST) -> list[Swept]:
    measured = [s for s in swept if s.ratio is not None]
    return sorted(measured, key=lambda s: s.ratio)[:count]


# -- wrk on the slowest ----------------------------------------------------------------


def load_slowest(
    report: Report, sessions: dict[str, str], args: argparse.Namespace, *, rounds: int, seconds: int, wrk: str | None
) -> None:
    """Each role's slowest pages under gunicorn, in rounds next to the baseline; their
    wrk results are set on them."""
    from django.db import connections

    connections.close_all()  # gunicorn's workers open their own
    port = run.free_port()
    load = run.page_loader(wrk, port, sessions, seconds=seconds, threads=args.threads, connections=args.connections)
    with run.gunicorn(port, workers=args.workers):
        for crawled in report.crawls:
            pages = slowest(report.of(crawled.role))
            print(f"{crawled.role.name}: loading the slowest {len(pages)} pages", flush=True)
            answering = [
                s.page for s in pages if run.warm_up(port, s.page.path, run.headers_for(s.page, sessions)) == 200
            ]
            measured = run.measure(answering, rounds, load)
            for s in pages:
                s.loaded = run.evaluate(s.page, measured.get(s.page.path), measured[run.BASELINE.path], s.queries)


# -- the report ------------------------------------------------------------------------


def format_section(meta: dict[str, str], report: Report) -> str:
    """The sweep as a Markdown section of RESULTS.md."""
    verdict = "PASS" if report.passed else "FAIL"
    lines = [
        f"## {meta['date']} — sweep — {verdict}",
        "",
        *(f"- {key}: {value}" for key, value in meta.items() if key != "date"),
        f"- targets: every page ≥ {TARGET:.2f}× the baseline and ≤ {run.MAX_QUERIES} queries",
        "",
        *_found_table(report),
        "",
        f"### Slowest {SLOWEST} per role",
        "",
        *_slowest_table(report),
        "",
        f"### Over {run.MAX_QUERIES} queries",
        "",
        *_over_queries(report),
    ]
    return "\n".join(lines) + "\n"


def _found_table(report: Report) -> list[str]:
    lines = [
        "Pages found per role (other answers: redirects, refusals; neither is measured):",
        "",
        "| role | pages | failing | downloads | other answers |",
        "|---|--:|--:|--:|--:|",
    ]
    for crawled in report.crawls:
        failing = sum(1 for s in report.of(crawled.role) if s.failures)
        pages, downloads = len(crawled.answering(PAGE)), len(crawled.answering(DOWNLOAD))
        others = len(crawled.found) - pages - downloads
        lines.append(f"| {crawled.role.name} | {pages} | {failing} | {downloads} | {others} |")
    notes = [
        f"- {c.role.name}: the crawl stopped at {len(c.found)} pages; {c.unvisited} more were found, not visited."
        for c in report.crawls
        if c.unvisited
    ]
    notes += [
        f"- {role.name}: {found.view_name} `{found.path}` answered {found.answer}."
        for role, found in report.server_errors()
    ]
    return [*lines, *([""] + notes if notes else [])]


def _slowest_table(report: Report) -> list[str]:
    lines = [
        "| role | page | path | queries | in-process × baseline | wrk × baseline | result |",
        "|---|---|---|--:|--:|--:|---|",
    ]
    for crawled in report.crawls:
        for s in slowest(report.of(crawled.role)):
            loaded = "—" if s.loaded is None or s.loaded.load is None else f"{s.loaded.rps_ratio:.2f}"
            outcome = "FAIL: " + "; ".join(s.failures) if s.failures else "pass"
            lines.append(
                f"| {crawled.role.name} | {s.found.view_name} | `{s.found.path}` | {s.queries} "
                f"| {s.ratio:.2f} | {loaded} | {outcome} |"
            )
    return lines


def _over_queries(report: Report) -> list[str]:
    over = [s for s in report.swept if s.queries is not None and s.queries > run.MAX_QUERIES]
    if not over:
        return ["None."]
    return [
        f"- {s.role.name}: {s.found.view_name} `{s.found.path}`: {s.queries} queries"
        for s in sorted(over, key=lambda s: -s.queries)
    ]


# -- the run ---------------------------------------------------------------------------


def sweep_role(role: Role, sessions: dict[str, str]) -> tuple[Crawl, list[Swept]]:
    client = run.client_for(run.Page(role.name, "/", login_as=role.email), sessions)
    client.raise_request_exception = False  # a page that fails is reported, not the end of the sweep
    crawled = crawl(role, client)
    started = time.monotonic()
    swept = [measure(role, found, sessions) for found in crawled.answering(PAGE)]
    capped = f" (the crawl stopped at {CRAWL_CAP}: {crawled.unvisited} not visited)" if crawled.unvisited else ""
    print(
        f"{role.name}: {len(crawled.answering(PAGE))} pages{capped}, {len(crawled.answering(DOWNLOAD))} downloads; "
        f"measured in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return crawled, swept


def main(args: argparse.Namespace, *, rounds: int, seconds: int, wrk: str | None, tool: str, machine: str) -> int:
    """`python -m benchmarks.run --sweep`: run.main has read the options and found wrk."""
    started = time.monotonic()
    run.prepare_django(scale=args.scale)
    from django.contrib.auth import get_user_model
    from django.db import connection

    roles = demo_roles()
    emails = set(get_user_model().objects.filter(email__in=[r.email for r in roles]).values_list("email", flat=True))
    missing = [role.name for role in roles if role.email is not None and role.email not in emails]
    if missing:
        print(f"No demo account for {', '.join(missing)}: left out.", flush=True)
    roles = [role for role in roles if role.name not in missing]
    sessions = run.login_sessions(emails)
    report = Report()
    try:
        for role in roles:
            crawled, swept = sweep_role(role, sessions)
            report.crawls.append(crawled)
            report.swept += swept
        vendor = connection.vendor
        load_slowest(report, sessions, args, rounds=rounds, seconds=seconds, wrk=wrk)
    finally:
        run.drop_sessions(sessions)

    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": run.git_revision(),
        "machine": machine,
        "software": f"Python {platform.python_version()}, {vendor}, gunicorn {args.workers} sync workers",
        "in-process": (
            f"each page timed {REPEATS} times through Django's test client, each time right after the "
            "baseline, after 2 warm-ups; the median of baseline time ÷ page time stands in for throughput"
        ),
        "load": f"the slowest {SLOWEST} per role: {tool}; {rounds} rounds of {seconds} s, medians of per-round ratios",
        "data": "demo data (seed_demo)" + (" + scale data" if args.scale else ""),
        "run took": f"{time.monotonic() - started:.0f} s",
    }
    section = format_section(meta, report)
    existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    args.output.write_text(run.merge_history(existing, section), encoding="utf-8")
    print("\n" + section + f"\nWritten to {args.output}")
    return 1 if args.strict and not report.passed else 0
