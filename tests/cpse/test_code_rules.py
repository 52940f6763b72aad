"""One definition per rule (issue #20), checked over the project's own Python modules:

- "my current participation" is `cohorts.selectors.current_participation` (and, on the
  participant's own pages, `own_participation_or_404`): no module keeps a local
  `_own_participation`;
- the site's paths are written once, in the urls modules: code asks `reverse()` (also for
  the paths a notification stores), never a literal such as "/my-certificate/";
- template names are written in full ("requirements_tracking/exam_review/queue.html"), so
  a search for a template finds every view that renders it: none is built from a prefix;
- the calendar is read through `django.utils.timezone` (`localdate`, `localtime`, `now`),
  never `date.today()` or `datetime.now()`/`today()`/`utcnow()`: the site's time zone
  decides what "today" is, and `tests/clock_readers.py` finds the tests that read it.

Tests, migrations and (for paths) the urls modules themselves are left out. So are the
benchmarks, which ask for pages by path as a browser does."""

import ast
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from tests import project_files

BASE = Path(settings.BASE_DIR).resolve()
SKIPPED_DIRS = {"tests", "migrations", "benchmarks", "node_modules", "static"}


def project_modules() -> tuple[Path, ...]:
    return project_files.project_modules(frozenset(SKIPPED_DIRS))


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST, root: Path = BASE) -> str:
    return f"{path.relative_to(root)}:{node.lineno}"


def docstrings(tree: ast.Module) -> set[int]:
    """ids of the constants that are docstrings (they may describe a page by its path)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def leading_text(node: ast.AST) -> str | None:
    """The text a string literal starts with: all of a plain one, the part before the first
    placeholder of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value
    return None


@cache
def site_prefixes() -> tuple[str, ...]:
    """The first segment of every path of the site ("my-certificate", "staff", "hours" …),
    read from the URL configuration so that a new app is covered without touching this."""
    segments = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                segment = route.lstrip("^").split("/")[0]
                if segment and "<" not in segment:
                    segments.add(segment)

    walk(get_resolver().url_patterns, "")
    return tuple(sorted(segments))


def test_the_walk_sees_the_project_and_the_site():
    names = {str(p.relative_to(BASE)) for p in project_modules()}
    assert {"cohorts/selectors.py", "certificates/services.py", "sponsors/billing/views.py"} <= names
    assert not any(name.startswith(("tests/", ".venv/")) or "/migrations/" in name for name in names)
    assert {"my-certificate", "hours", "staff", "sponsor", "check-ins", "my-fee", "apply"} <= set(site_prefixes())


def test_no_module_keeps_its_own_copy_of_the_current_participation():
    copies = [
        where(path, node)
        for path in project_modules()
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "_own_participation"
    ]
    assert not copies, (
        "use cohorts.selectors.current_participation / own_participation_or_404 instead of a local copy: "
        + ", ".join(copies)
    )


# Prefixes of URL configurations the site includes from elsewhere (allauth's accounts/,
# Django's i18n/): they have no name to reverse, and the two-factor middleware lets a
# person who must still set it up reach them.
ALLOWED_PATHS = {("accounts/middleware.py", "/accounts/"), ("accounts/middleware.py", "/i18n/")}


def hard_coded_paths(path: Path, root: Path = BASE) -> list[str]:
    starts = tuple(f"/{segment}/" for segment in site_prefixes())
    whole = {f"/{segment}" for segment in site_prefixes()}
    tree = parsed(path)
    skipped = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        # A JoinedStr's own parts are visited too: look at the whole literal only.
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in node.values)
        if id(node) in skipped:
            continue
        text = leading_text(node)
        if (
            text is not None
            and (text.startswith(starts) or text in whole)
            and (str(path.relative_to(root)), text) not in ALLOWED_PATHS
        ):
            found.append(f"{where(path, node, root)} {text!r}")
    return found


def test_no_module_writes_a_path_of_the_site():
    found = [
        hit
        for path in project_modules()
        if path.name != "urls.py" and not path.name.endswith("_urls.py")
        for hit in hard_coded_paths(path)
    ]
    assert not found, "ask reverse() (reverse_lazy() at module level) instead of writing a path: " + ", ".join(found)


CONCATENATED = re.compile(r"""\+\s*f?["'][^"']*\.html["']""")


def built_template_names(path: Path, root: Path = BASE) -> list[str]:
    found = [
        f"{path.relative_to(root)}:{number}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CONCATENATED.search(line)
    ]
    for node in ast.walk(parsed(path)):
        names_a_template = False
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".html"):
            # A template name without its folder is the tail of a name built elsewhere.
            names_a_template = "/" not in node.value and " " not in node.value
        elif isinstance(node, ast.JoinedStr):
            tail = node.values[-1] if node.values else None
            names_a_template = (
                isinstance(tail, ast.Constant)
                and str(tail.value).endswith(".html")
                and any(isinstance(part, ast.FormattedValue) for part in node.values)
            )
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            names_a_template = any(
                isinstance(side, ast.Constant) and isinstance(side.value, str) and ".html" in side.value
                for side in (node.left, node.right)
            )
        if names_a_template:
            found.append(where(path, node, root))
    return sorted(set(found))


def test_template_names_are_written_in_full():
    found = [hit for path in project_modules() for hit in built_template_names(path)]
    assert not found, 'write the whole template name, e.g. "sponsors/finance/invoices.html": ' + ", ".join(found)


NAIVE_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}


def naive_clock_reads(path: Path, root: Path = BASE) -> list[str]:
    """Calls such as `datetime.date.today()` or `datetime.now()` (with a time zone given,
    `datetime.now(zone)` is aware, and allowed)."""
    found = []
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (owner_name, node.func.attr) in NAIVE_CLOCK and not node.args and not node.keywords:
                found.append(where(path, node, root))
    return found


def test_the_calendar_is_read_in_the_sites_time_zone():
    found = [hit for path in project_modules() for hit in naive_clock_reads(path)]
    assert not found, "ask timezone.localdate() or timezone.now(): " + ", ".join(found)


def test_the_checks_catch_what_they_are_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A page at /my-certificate/ is fine to describe."""\n'
        'T = "sponsors/finance/"\n'
        'a = T + "invoices.html"\n'
        'b = f"{T}/queue.html"\n'
        'c = "/my-certificate/"\n'
        'd = f"/recommend/{token}/"\n'
        'e = "invoice_detail.html"\n'
        'f = "requirements_tracking/exam_review/queue.html"\n'
        'g = "/"\n',
        encoding="utf-8",
    )
    assert [hit.split(" ")[0] for hit in hard_coded_paths(sample, tmp_path)] == ["sample.py:5", "sample.py:6"]
    assert built_template_names(sample, tmp_path) == ["sample.py:3", "sample.py:4", "sample.py:7"]
    clock = tmp_path / "clock.py"
    clock.write_text(
        "import datetime\nfrom datetime import date\n"
        "a = datetime.date.today()\nb = date.today()\nc = datetime.datetime.now()\n"
        "d = timezone.localdate()\ne = datetime.date(2027, 1, 31)\nf = datetime.datetime.now(zone)\n",
        encoding="utf-8",
    )
    assert naive_clock_reads(clock, tmp_path) == ["clock.py:3", "clock.py:4", "clock.py:5"]
