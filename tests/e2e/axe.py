"""axe-core accessibility checks for a Playwright page.

Uses the axe.min.js that axe-playwright-python ships (no download). The script is
injected with `page.evaluate`, which goes through the DevTools protocol: the site's CSP
(script-src 'self', no inline scripts) governs the page's own scripts, not scripts the
test harness evaluates, so axe runs on the page exactly as served, with its real CSP and
without `bypass_csp` (test_axe_runs_under_the_sites_csp checks this stays true).
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

FAILING_IMPACTS = ("serious", "critical")

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """Every axe violation on the page as it is now (all impacts).

    A click that starts a navigation returns before the next page exists; axe started in
    that moment finds no document (CI saw "reading 'documentElement'"). So wait for the
    page to load, and run again once if the navigation replaced the page under axe."""
    page.wait_for_load_state()
    try:
        return _axe.run(page).response["violations"]
    except PlaywrightError as error:
        if not _navigated_under_axe(error):
            raise
    page.wait_for_load_state()
    return _axe.run(page).response["violations"]


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
