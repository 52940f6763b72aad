"""axe-core accessibility checks for a Playwright page.

Uses the axe.min.js that axe-playwright-python ships (no download). A browser context is
given it once, at its first check, as an init script that only defines a loader: each
later document of the context holds the script without running it, and a check runs the
loader and axe on the page as it is (the document of that first check is given the loader
directly). Init scripts and `page.evaluate` go through the DevTools protocol: the site's
CSP (script-src 'self', no inline scripts) governs the page's own scripts, not what the
test harness adds, so axe runs on the page exactly as served, with its real CSP and
without `bypass_csp`.

Rules chosen here: the script crosses from the test to the browser once per context that
checks, not once per check (572 kB each time, through the driver), and V8 compiles it
once per renderer; a context that never checks (the page-width crawl) carries nothing.
"""

import weakref

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

FAILING_IMPACTS = ("serious", "critical")

# The loader: a function holding axe's source, which V8 only pre-parses until it is called.
_LOADER = "window.__cpseLoadAxe = function () {\n" + Axe().axe_script + "\n};"
# The violations, or null on a document that has no loader (loaded before its context's
# first check).
_RUN = """() => {
    if (typeof window.axe === "undefined") {
        if (typeof window.__cpseLoadAxe === "undefined") return null;
        window.__cpseLoadAxe();
    }
    return window.axe.run(document, {resultTypes: ["violations"]}).then(results => results.violations);
}"""

# The contexts whose documents get the loader.
_loading = weakref.WeakSet()


def axe_violations(page) -> list[dict]:
    """Every axe violation on the page as it is now (all impacts).

    A click that starts a navigation returns before the next page exists; axe started in
    that moment finds no document (CI saw "reading 'documentElement'"). So wait for the
    page to load, and run again once if the navigation replaced the page under axe."""
    if page.context not in _loading:
        page.context.add_init_script(_LOADER)
        _loading.add(page.context)
    page.wait_for_load_state()
    try:
        return _run(page)
    except PlaywrightError as error:
        if not _navigated_under_axe(error):
            raise
    page.wait_for_load_state()
    return _run(page)


def _run(page) -> list[dict]:
    violations = page.evaluate(_RUN)
    if violations is None:
        page.evaluate(_LOADER)
        violations = page.evaluate(_RUN)
    return violations


def _navigated_under_axe(error: PlaywrightError) -> bool:
    message = str(error)
    return "documentElement" in message or "Execution context was destroyed" in message


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.extend("        " + line for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe violation; print the milder ones."""
    violations = axe_violations(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    milder = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if milder:
        print(f"\naxe, not failing ({page.url}):\n{describe(milder)}")
    assert not failing, f"axe found serious or critical problems on {page.url}:\n{describe(failing)}"
