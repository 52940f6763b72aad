"""Sharing a credential in a real browser: the graduate turns sharing on (after reading
what becomes public), the verification link becomes a badge page, and an employer checks
a list of numbers, on a desktop and on a phone."""

from certificates.models import Certificate
from tests.certificates.helpers import issued_certificate
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE


def test_the_graduate_turns_sharing_on_and_the_link_shows_her_badge(signed_in_participant, participant):
    page = signed_in_participant
    certificate = issued_certificate(participant)
    page.goto("/my-certificate/")
    page.get_by_role("heading", name="Share your credential").wait_for()
    assert (
        page.get_by_role("link", name="Add to LinkedIn")
        .get_attribute("href")
        .startswith("https://www.linkedin.com/profile/add?")
    )
    # Without the tick, the page says what to do and nothing changes.
    page.get_by_role("button", name="Turn sharing on").click()
    page.get_by_role("alert").get_by_text("Please tick the box to confirm").wait_for()
    assert_accessible(page)
    page.get_by_label("I understand that anyone with the link").check()
    page.get_by_role("button", name="Turn sharing on").click()
    page.get_by_text("Sharing is on.", exact=False).first.wait_for()
    assert_accessible(page)
    certificate.refresh_from_db()
    assert certificate.sharing

    page.goto(f"/verify/{certificate.number}/")
    page.get_by_role("heading", name="About this credential").wait_for()
    assert page.locator('meta[property="og:image"]').count() == 1
    assert_accessible(page)


def test_an_employer_checks_a_list_at_phone_width(phone_page, participant):
    issued_certificate(participant, number="K7QM2XP9RT4W")
    issued_certificate(participant, number="R3VK9ZZ2QW8P", status=Certificate.Status.REVOKED)
    phone_page.goto("/verify/")
    phone_page.get_by_role("link", name="Check many certificates at once").click()
    phone_page.get_by_role("heading", name="Check many certificates", level=1).wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_label("Certificate numbers").fill("k7qm-2xp9-rt4w\nR3VK 9ZZ2 QW8P\nNOPE0000NOPE")
    phone_page.get_by_role("button", name="Check", exact=True).click()
    phone_page.get_by_role("heading", name="Results for 3 numbers").wait_for()
    assert phone_page.locator('tr[data-state="valid"]').count() == 1
    assert phone_page.locator('tr[data-state="revoked"]').count() == 1
    assert phone_page.locator('tr[data-state="not_found"]').count() == 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone_page)
