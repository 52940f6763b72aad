"""No page is wider than the window (issue #21): at a laptop's 1280 px and a phone's 390 px,
for every demo role, over every page that role reaches on the demo data.

Rules chosen here: the pages are the benchmark sweep's (`benchmarks.sweep`: its demo roles,
its crawl from `/` along every same-site link, one page per URL pattern and view), crawled
with chromium itself as the crawl's client, so each page is asked of the server once and
measured as it is loaded, at 1280 px and at 390 px (resized without a reload: a page loads
at the width the page before it was left at, and is measured there first). The browser is
signed in with a real session made the way the sweep makes them
(`benchmarks.run.login_sessions`: the two-step sign-in of staff and sponsors has its own
tests). A screenshot is kept only of a page that does not fit.
"""

from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from playwright.sync_api import Error as PlaywrightError

from benchmarks import run
from benchmarks.sweep import PAGE, crawl, demo_roles
from tests.e2e.support import ARTIFACTS_DIR, new_context

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
_WIDTH = "document.documentElement.scrollWidth"


class _ChromiumClient:
    """What `benchmarks.sweep.crawl` asks of a client (`get(path)`, answered with a status,
    headers and the page's HTML as the server sent it), answered by loading the path in a
    chromium tab; every HTML page it loads is measured at both widths before the crawl
    moves on. A redirect is reported as such (the crawl then asks for its target); a file
    the browser downloads is reported as a download."""

    def __init__(self, tab, role_name: str):
        self.tab = tab
        self.role_name = role_name
        self.too_wide: list[str] = []

    def get(self, path: str) -> HttpResponse:
        try:
            loaded = self.tab.goto(path)
        except PlaywrightError as error:
            if "Download is starting" not in error.message:
                raise
            return HttpResponse(status=200, content_type="application/octet-stream")
        first = loaded.request
        while first.redirected_from is not None:
            first = first.redirected_from
        if first is not loaded.request:
            hop = first.response()
            answer = HttpResponse(status=hop.status)
            answer["Location"] = hop.headers["location"]
            return answer
        answer = HttpResponse(loaded.body(), status=loaded.status, content_type=loaded.headers.get("content-type"))
        if loaded.status == 200 and answer["Content-Type"].startswith("text/html"):
            self._measure(path)
        return answer

    def _measure(self, path: str) -> None:
        # At the width the page loaded at, then at the other without a reload: one resize a
        # page (the tab stays at the second width for the next page).
        loaded_at = self.tab.viewport_size
        for size in (LAPTOP, PHONE) if loaded_at == LAPTOP else (PHONE, LAPTOP):
            if size != loaded_at:
                self.tab.set_viewport_size(size)
            width = self.tab.evaluate(_WIDTH)
            if width > size["width"]:
                self.too_wide.append(f"{self.role_name} at {size['width']} px: {path} is {width} px wide")
                ARTIFACTS_DIR.mkdir(exist_ok=True)
                name = "".join(c if c.isalnum() else "-" for c in f"wide-{self.role_name}-{size['width']}-{path}")
                self.tab.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)


def test_no_page_is_wider_than_the_window_for_any_demo_role(browser, live_server):
    call_command("seed_demo", verbosity=0)
    roles = demo_roles()
    sessions = run.login_sessions({role.email for role in roles if role.email})
    too_wide = []
    for role in roles:
        context = new_context(browser, viewport=LAPTOP, base_url=live_server.url, locale="en-US")
        if role.email:
            cookie = {"name": settings.SESSION_COOKIE_NAME, "value": sessions[role.email], "url": live_server.url}
            context.add_cookies([cookie])
        client = _ChromiumClient(context.new_page(), role.name)
        crawled = crawl(role, client)
        context.close()
        pages = {found.view_name for found in crawled.answering(PAGE)}
        # Signed in (the account's own pages were reached), and the crawl went further.
        assert ("accounts:profile" in pages) == (role.email is not None) and len(pages) > 5, (role.name, pages)
        too_wide += client.too_wide
    assert not too_wide, "Pages wider than the window:\n" + "\n".join(too_wide)
