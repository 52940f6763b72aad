"""axe-core accessibility checks for a Playwright page.

Uses the axe.min.js that axe-playwright-python ships (no download), served by the browser
tests' live server at `AXE_PATH` (`serve_axe`) and put into the page as a script of the
site's own origin when a check starts. The site's CSP (script-src 'self', no inline
scripts) lets it in as it would any of the site's scripts, so axe runs on the page exactly
as served, with its real policy and without `bypass_csp`.

Rules chosen here: axe comes to each document from the browser's cache (the server sends
it once per browser context, marked as never changing), not through Playwright's driver
(572 kB from the test to the browser each time a context first checked, then again into
that document: a context's first check took 0.23-0.35 s that way, 0.18-0.27 s now); a
document that is never checked never holds it.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

FAILING_IMPACTS = ("serious", "critical")
AXE_PATH = "/__tests__/axe.min.js"
_AXE_SOURCE = Axe().axe_script.encode()

# The violations, after axe is loaded into the document when it is not there yet.
_RUN = """(path) => new Promise((loaded, failed) => {
    if (typeof window.axe !== "undefined") {
        loaded();
        return;
    }
    const script = document.createElement("script");
    script.src = path;
    script.onload = () => loaded();
    script.onerror = () => failed(new Error("axe did not load from the live server"));
    document.head.append(script);
}).then(() => window.axe.run(document, {resultTypes: ["violations"]})).then(results => results.violations)"""


def serve_axe(application):
    """The WSGI `application`, with axe's script answered at `AXE_PATH` before it (no
    database, no turn of the live server), kept by each browser context that asks for it."""

    def serve(environ, start_response):
        if environ.get("PATH_INFO") != AXE_PATH:
            return application(environ, start_response)
        headers = [
            ("Content-Type", "text/javascript; charset=utf-8"),
            ("Content-Length", str(len(_AXE_SOURCE))),
            ("Cache-Control", "max-age=86400, immutable"),
        ]
        start_response("200 OK", headers)
        return [_AXE_SOURCE]

    return serve


def axe_violations(page) -> list[dict]:
    """Every axe violation on the page as it is now (all impacts).

    A click that starts a navigation returns before the next page exists; axe started in
    that moment finds no document (CI saw "reading 'documentElement'"). So wait for the
    page to load, and run again once if the navigation replaced the page under axe."""
    page.wait_for_load_state()
    try:
        return page.evaluate(_RUN, AXE_PATH)
    except PlaywrightError as error:
        if not _navigated_under_axe(error):
            raise
    page.wait_for_load_state()
    return page.evaluate(_RUN, AXE_PATH)


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
