"""What the browser tests share besides fixtures: sizes, where artifacts go, signing in.

Rules chosen here: a browser test signs in with the sign-in's own requests made from the
test process (`sign_in`), not by drawing the sign-in pages, which cost about a second of
the machine's time for each staff member; tests/e2e/test_login.py signs in through the
pages themselves (`sign_in_through_form`).
"""

import re
import weakref
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import KeptInput
from accounts.services import totp_code_now
from checkins.supervisor_digest.services import KIND as SUPERVISOR_LIST_KIND
from checkins.supervisor_digest.services import supervisor_lists_send
from cpse.notify.models import Notification
from tests.factories import PASSWORD

# Screenshots (of failures, and of the layout for a person to look at); gitignored.
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


# The site each browser context opens (its base URL), for the cookies `sign_in` hands it.
_sites = weakref.WeakKeyDictionary()


def new_context(browser, **options):
    """A browser context as every browser test opens one: asking for less motion, so
    Bootstrap leaves out its transitions and each page settles at once (about 8 % less
    time and CPU for the browser tests)."""
    context = browser.new_context(reduced_motion="reduce", **options)
    _sites[context] = options.get("base_url")
    return context


def english_field(page, label: str):
    """The English field of a staff form that has a Spanish one beside it ("Title" and
    "Title in Spanish"): the English comes first in every pair (partials/bilingual_pair.html)."""
    return page.get_by_label(label).first


def screenshot(page, name: str) -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    path = ARTIFACTS_DIR / name
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in_through_form(page, email: str, *, password: str = PASSWORD) -> None:
    """Sign in through the real form; the two-factor step, when there is one, is the test's."""
    page.goto(reverse("account_login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page, email: str, *, totp_secret: str | None = None, password: str = PASSWORD) -> None:
    """Sign in as the form does, and open the page it leads to: the same requests (the
    password, then the code of the two-factor step when a secret is given) to the same
    views, sent from this process with the browser's cookies, so what the visit had in
    its session is carried over as it would be; the browser is given the cookies that come
    back."""
    site = _sites[page.context]
    client = Client()
    for cookie in page.context.cookies(site):
        client.cookies[cookie["name"]] = cookie["value"]
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if totp_secret:
        assert response.status_code == 302 and response.url == reverse("mfa_authenticate"), f"{email}: no code asked"
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code_now(totp_secret)})
    assert response.status_code == 302, f"Signing in as {email} failed"
    page.context.add_cookies(
        [{"name": name, "value": morsel.value, "url": site} for name, morsel in client.cookies.items()]
    )
    page.goto(response.url)


def wait_for_kept_input(page, user) -> None:
    """Wait until the server has kept what `user` was typing when the quick exit's beacon
    left (Playwright does not report beacons): up to the tests' ten seconds, then fail
    rather than sign in while the beacon may still be on its way (it ends the session it
    finds)."""
    for _ in range(200):
        if KeptInput.objects.filter(user=user).exists():
            return
        page.wait_for_timeout(50)
    raise AssertionError("The quick exit's beacon never reached the server")


def es(msgid: str) -> str:
    """The Spanish of an English message, which must have one."""
    with translation.override("es"):
        spanish = gettext(msgid)
    assert spanish != msgid, f"No Spanish for {msgid!r}"
    return spanish


def reads_in_spanish(page) -> None:
    """No English left where the eye goes first: the menu, headings, buttons, labels. A text
    that is an English message with a Spanish translation is English left over (a Spanish
    text is no message id, so gettext gives it back unchanged). The language switch names
    each language in that language (lang="en"), so it is left out."""
    assert page.get_attribute("html", "lang") == "es"
    texts = page.locator(
        "nav[aria-label] :is(a, button):not([lang]), main :is(h1, h2, h3, button, .btn, label, legend, th)"
    ).all_inner_texts()
    with translation.override("es"):
        english = {text for text in (" ".join(t.split()) for t in texts) if text and gettext(text) != text}
    assert not english, f"English left on {page.url}: {sorted(english)}"


def supervisor_list_link(to_email: str) -> str:
    """Run the supervisors' daily email; the path of the list link it sent to `to_email`."""
    supervisor_lists_send(timezone.now())
    body = Notification.objects.filter(kind=SUPERVISOR_LIST_KIND, to_email=to_email).latest("created_at").body
    return re.search(r"https?://[^/\s]+(/supervising/\S+/)", body).group(1)
