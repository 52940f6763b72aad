"""Public verification in the browser: anyone types a number and reads the answer."""

from django.utils import timezone

from certificates.models import Certificate
from tests.certificates.helpers import issued_certificate
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE


def test_anyone_types_a_number_and_sees_it_is_valid(page, participant):
    issued_certificate(participant, number="K7QM2XP9RT4W")
    page.goto("/verify/")
    page.get_by_role("heading", name="Check a certificate").wait_for()
    assert_accessible(page)
    page.get_by_label("Certificate number").fill("  k7qm-2xp9-rt4w ")
    page.get_by_role("button", name="Check").click()
    page.wait_for_url("**/verify/K7QM2XP9RT4W/")
    assert page.get_by_text("This certificate is valid.").is_visible()
    assert page.get_by_text("Cora P.").is_visible()
    assert_accessible(page)


def test_a_revoked_certificate_says_so_without_the_reason(page, participant):
    issued_certificate(
        participant,
        number="R3VK9ZZ2QW8P",
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_reason="Reason known to staff only",
    )
    page.goto("/verify/")
    page.get_by_label("Certificate number").fill("R3VK 9ZZ2 QW8P")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("This certificate has been revoked.").wait_for()
    assert "Reason known to staff only" not in page.content()
    assert_accessible(page)


def test_an_unknown_number_and_an_empty_form(page, participant):
    page.goto("/verify/")
    page.get_by_role("button", name="Check").click()
    page.get_by_role("alert").get_by_text("Please type the certificate number.").wait_for()
    assert_accessible(page)
    page.get_by_label("Certificate number").fill("NOPE0000NOPE")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("We could not find a certificate with this number.").wait_for()
    assert_accessible(page)


def test_verification_at_phone_width(phone_page, participant):
    old = issued_certificate(participant, number="OLD111AAA222", status=Certificate.Status.REPLACED)
    issued_certificate(participant, number="NEW333BBB444", displayed_name="Cora Newname", replaces=old)
    phone_page.goto("/verify/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone_page.get_by_label("Certificate number").fill("OLD111AAA222")
    phone_page.get_by_role("button", name="Check").click()
    phone_page.get_by_text("This certificate was replaced by a newer one.").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Check the newer certificate").click()
    phone_page.get_by_text("This certificate is valid.").wait_for()
    assert phone_page.get_by_text("Cora Newname").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone_page)
