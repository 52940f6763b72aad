"""What the browser tests share besides fixtures: sizes, where artifacts go, signing in."""

from pathlib import Path

from accounts.services import totp_code_now
from tests.factories import PASSWORD

# Screenshots (of failures, and of the layout for a person to look at); gitignored.
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def english_field(page, label: str):
    """The English field of a staff form that has a Spanish one beside it ("Title" and
    "Title in Spanish"): the English comes first in every pair (partials/bilingual_pair.html)."""
    return page.get_by_label(label).first


def screenshot(page, name: str) -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    path = ARTIFACTS_DIR / name
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, email: str, *, totp_secret: str | None = None, password: str = PASSWORD) -> None:
    """Sign in through the real form, and the two-factor step when a secret is given."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill(totp_code_now(totp_secret))
        page.get_by_role("button", name="Sign in").click()
