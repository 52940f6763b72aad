"""A smoke of the page sweep (the real run is `python -m benchmarks.run --sweep`): what the
crawler follows and skips, one page per pattern, in-process measuring, and the report.
No gunicorn, no wrk."""

import uuid

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.test import override_settings

from benchmarks import run, sweep
from benchmarks import settings as bench_settings

ONE, TWO = uuid.UUID(int=1), uuid.UUID(int=2)
ROLE = sweep.Role("participant", "cora@example.org")


def test_links_are_anchors_but_the_quick_exit():
    html = """<a href="/hours/">Hours</a> <a id="quick-exit" href="https://www.weather.gov/" data-quick-exit>Leave</a>
    <a name="top"></a> <link href="/static/app.css"> <a href="mailto:team@example.org">Write</a>"""
    assert sweep.links(html) == ["/hours/", "mailto:team@example.org"]


@pytest.mark.parametrize(
    "href,expected",
    [
        ("/hours/", "/hours/"),
        ("edit/", "/hours/edit/"),
        ("/hours/?page=2#top", "/hours/?page=2"),
        ("http://localhost/my-program/", "/my-program/"),
        ("#main", None),
        ("https://www.weather.gov/", None),
        ("//example.org/hours/", None),
        ("mailto:team@example.org", None),
        ("tel:+15555550100", None),
        ("javascript:void(0)", None),
    ],
)
def test_only_same_site_links_are_followed(href, expected):
    assert sweep.same_site("/hours/", href) == expected


def test_a_page_is_its_pattern_and_view():
    assert sweep.page_key(f"/staff/participants/{ONE}/") == sweep.page_key(f"/staff/participants/{TWO}/")
    assert sweep.page_key("/hours/?page=2&sort=date") == sweep.page_key("/hours/")
    assert sweep.page_key("/hours/")[1] == "requirements_tracking:mine"
    assert sweep.page_key("/hours/") != sweep.page_key("/my-program/")
    for path in ["/accounts/logout/", "/i18n/setlang/", "/back-office/", "/static/app.css", "/no-such-page/"]:
        assert sweep.page_key(path) is None, path


class FakeSite:
    """A client that answers from a dict of paths, and remembers what was asked."""

    def __init__(self, pages):
        self.pages = pages
        self.requested = []

    def get(self, path):
        self.requested.append(path)
        return self.pages[path]()


def _html(*hrefs):
    return lambda: HttpResponse("".join(f'<a href="{href}">x</a>' for href in hrefs))


SITE = {
    "/": lambda: HttpResponseRedirect("/my-program/"),
    "/my-program/": _html(
        "/hours/",
        "/hours/?page=2",
        f"/staff/participants/{ONE}/",
        f"/staff/participants/{TWO}/",
        "/sponsor/impact-summary.csv",
        "/accounts/logout/",
        "/back-office/",
        "/i18n/setlang/",
        "/static/app.css",
        "https://www.weather.gov/",
        "mailto:team@example.org",
        "#main",
    ),
    "/hours/": _html("/", "/my-program/", "/hours/?sort=date"),
    f"/staff/participants/{ONE}/": lambda: HttpResponse(status=403),
    "/sponsor/impact-summary.csv": lambda: HttpResponse("a,b\n", content_type="text/csv"),
}


def test_the_crawl_visits_each_page_once_breadth_first_and_skips_the_rest():
    client = FakeSite(SITE)
    crawled = sweep.crawl(ROLE, client)
    assert client.requested == [
        "/",
        "/my-program/",
        "/hours/",
        f"/staff/participants/{ONE}/",
        "/sponsor/impact-summary.csv",
    ]
    assert [found.answer for found in crawled.found] == ["302", "page", "page", "403", "download"]
    assert [found.path for found in crawled.answering(sweep.PAGE)] == ["/my-program/", "/hours/"]
    assert crawled.unvisited == 0


def test_the_crawl_stops_at_the_cap_and_says_how_much_is_left():
    crawled = sweep.crawl(ROLE, FakeSite(SITE), cap=2)
    assert [found.path for found in crawled.found] == ["/", "/my-program/"]
    assert crawled.unvisited == 3


def test_one_demo_account_per_role():
    roles = sweep.demo_roles()
    assert roles[0] == sweep.Role("anonymous", None)
    emails = [role.email for role in roles[1:]]
    assert {run.PARTICIPANT, run.APPLICANT, run.MANAGER} <= set(emails)
    assert all(email.endswith("@demo.cpse.invalid") for email in emails)
    assert len(set(emails)) == len(emails) and len({role.name for role in roles}) == len(roles)
    assert {"program staff", "finance", "peer mentor"} <= {role.name for role in roles}


@pytest.fixture
def benchmark_urls():
    with override_settings(ROOT_URLCONF="benchmarks.urls", TEMPLATES=bench_settings.TEMPLATES):
        yield


@pytest.mark.django_db
def test_a_real_crawl_of_a_participant_then_measuring_a_page(participant, benchmark_urls):
    role = sweep.Role("participant", participant.user.email)
    sessions = run.login_sessions({role.email})
    client = run.client_for(run.Page(role.name, "/", login_as=role.email), sessions)
    assert "/accounts/logout/" in sweep.links(client.get("/my-program/").content.decode())

    crawled = sweep.crawl(role, client)
    views = {found.view_name for found in crawled.answering(sweep.PAGE)}
    assert {"cohorts:my_program", "requirements_tracking:mine", "accounts:profile"} <= views
    keys = [sweep.page_key(found.path) for found in crawled.found]
    assert None not in keys and len(set(keys)) == len(keys)
    assert not {found.view_name for found in crawled.found} & {"account_logout", "set_language", "accounts:leave"}
    assert not any(found.path.startswith(("/static/", "/back-office/")) for found in crawled.found)
    assert client.get("/my-program/").status_code == 200  # still signed in: sign-out was never followed

    hours = next(found for found in crawled.found if found.view_name == "requirements_tracking:mine")
    measured = sweep.measure(role, hours, sessions, repeats=3)
    assert measured.queries > 0  # counted: a redirect or an error would leave None
    assert measured.ratio > 0
    run.drop_sessions(sessions)


def _swept(path, *, queries, ratio, role=ROLE):
    return sweep.Swept(role, sweep.Found(path, f"view{path}", sweep.PAGE), queries=queries, ratio=ratio)


def _report(*swept):
    found = [s.found for s in swept]
    return sweep.Report([sweep.Crawl(ROLE, found)], list(swept))


META = {"date": "2026-11-23 12:00 UTC", "machine": "2 CPUs"}


def test_the_report_fails_a_page_over_twelve_queries():
    report = _report(_swept("/a/", queries=13, ratio=0.9), _swept("/b/", queries=3, ratio=0.8))
    section = sweep.format_section(META, report)
    assert section.startswith("## 2026-11-23 12:00 UTC — sweep — FAIL\n")
    row = next(line for line in section.splitlines() if "`/a/`" in line and line.startswith("| "))
    assert row.endswith("| 13 | 0.90 | — | FAIL: 13 queries > 12 |")
    over = section.split("### Over 12 queries")[1]
    assert "- participant: view/a/ `/a/`: 13 queries" in over and "/b/" not in over
    assert "| participant | 2 | 1 | 0 | 0 |" in section  # pages, failing, downloads, other answers


def test_the_report_passes_only_when_every_page_does():
    fine = _report(_swept("/a/", queries=12, ratio=0.5), _swept("/b/", queries=0, ratio=1.4))
    section = sweep.format_section(META, fine)
    assert section.startswith("## 2026-11-23 12:00 UTC — sweep — PASS\n")
    assert section.split("### Over 12 queries")[1].strip() == "None."

    slow = _report(_swept("/a/", queries=4, ratio=0.49))
    assert "FAIL: 0.49x < 0.50x in-process" in sweep.format_section(META, slow)
    assert not slow.passed

    broken = _report(_swept("/a/", queries=4, ratio=0.9))
    broken.crawls[0].found.append(sweep.Found("/oops/", "oops", "500"))
    assert not broken.passed
    assert "- participant: oops `/oops/` answered 500." in sweep.format_section(META, broken)


def test_the_slowest_ten_are_listed_and_wrk_decides_for_them():
    swept = [_swept(f"/p{n}/", queries=2, ratio=0.3 + n / 10) for n in range(12)]
    baseline = run.Load(100, 100.0, 10.0, 20.0)
    swept[0].loaded = run.evaluate(swept[0].page, [run.Load(80, 80.0, 12.0, 25.0)], [baseline], 2)
    section = sweep.format_section(META, _report(*swept))
    rows = [line for line in section.split("### Slowest 10 per role")[1].splitlines() if line.startswith("| part")]
    assert [row.split("`")[1] for row in rows] == [f"/p{n}/" for n in range(10)]
    assert rows[0].endswith("| 2 | 0.30 | 0.80 | pass |")  # slow in-process, fine under wrk
    assert rows[1].endswith("| 2 | 0.40 | — | FAIL: 0.40x < 0.50x in-process |")

    history = run.merge_history("", section)
    assert "## 2026-11-23 12:00 UTC — sweep — FAIL" in history and "### Slowest 10 per role" in history
