"""axe-core accessibility checks for a Playwright page.

Uses the axe.min.js that axe-playwright-python ships (no download). Every browser context
(`tests/e2e/support.py` `new_context`) is given it once, as an init script that only
defines a loader (`prepare_context`): each document then holds the script without running
it, and a check runs the loader and axe on the page as it is. Init scripts and
`page.evaluate` go through the DevTools protocol: the site's CSP (script-src 'self', no
inline scripts) governs the page's own scripts, not what the test harness adds, so axe
runs on the page exactly as served, with its real CSP and without `bypass_csp`.

Rules chosen here: the script crosses from the test to the browser once per context, not
once per check (572 kB each time, through the driver), and V8 compiles it once per
renderer; before, that was about a third of what a check cost.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

FAILING_IMPACTS = ("serious", "critical")

# The loader: a function holding axe's source, which V8 only pre-parses until it is called.
_LOADER = "window.__cpseLoadAxe = function () {\n" + Axe().axe_script + "\n};"
_RUN = """() => {
    if (typeof window.axe === "undefined") window.__cpseLoadAxe();
    return window.axe.run(document, {resultTypes: ["violations"]}).then(results => results.violations);
}"""


def prepare_context(context) -> None:
    """Give every document of the context the means to run axe (see the module's docstring)."""
    context.add_init_script(_LOADER)


def axe_violations(page) -> list[dict]:
    """Every axe violation on the page as it is now (all impacts).

    A click that starts a navigation returns before the next page exists; axe started in
    that moment finds no document (CI saw "reading 'documentElement'"). So wait for the
    page to load, and run again once if the navigation replaced the page under axe."""
    page.wait_for_load_state()
    try:
        return page.evaluate(_RUN)
    except PlaywrightError as error:
        if not _navigated_under_axe(error):
            raise
    page.wait_for_load_state()
    return page.evaluate(_RUN)


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
