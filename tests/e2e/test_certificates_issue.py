"""Issuing certificates in a real browser: program staff issue everyone eligible in a
cohort after checking the names that will print (the batch page shows it done), open a
certificate and revoke it with a reason."""

import pytest

from certificates import tasks
from certificates.models import Certificate
from tests.certificates.helpers import complete
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot


@pytest.fixture(autouse=True)
def no_rendering(monkeypatch):
    """The PDF has its own tests; here it is only queued."""
    monkeypatch.setattr(tasks.render, "delay", lambda certificate_id: None)


def test_staff_issue_a_cohort_and_revoke_one(signed_in_staff, participant, other_participant):
    page = signed_in_staff
    complete(participant)
    complete(other_participant, skip=("practicum",))

    page.goto("/staff/certificates/")
    page.get_by_role("heading", name="Certificates", exact=True).wait_for()
    page.get_by_text("1 participant can be certified now.").wait_for()
    page.get_by_text("Practicum with an anti-trafficking agency").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Issue all eligible").click()

    # Nothing is issued before staff confirm the names that will print.
    page.get_by_role("heading", name="Issue all eligible").wait_for()
    page.get_by_role("cell", name=participant.user.display_name, exact=True).wait_for()
    assert_accessible(page)
    assert not Certificate.objects.exists()
    page.get_by_role("button", name="Yes, issue these certificates").click()

    page.get_by_role("heading", name="Issuing certificates").wait_for()
    page.get_by_text("Done", exact=True).wait_for()
    assert_accessible(page)
    certificate = Certificate.objects.get()
    assert certificate.participant == participant

    page.get_by_role("link", name="Back to the cohort's certificates").click()
    page.get_by_role("link", name=certificate.number).click()
    page.get_by_role("heading", name=f"Certificate {certificate.number}").wait_for()
    assert_accessible(page)
    # The certificate page also works on a phone.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "certificates-detail-phone.png")

    page.get_by_role("link", name="Revoke").click()
    page.get_by_role("heading", name="Revoke a certificate").wait_for()
    page.get_by_role("button", name="Yes, revoke this certificate").click()
    page.get_by_text("Please check the answers marked below").wait_for()
    assert_accessible(page)
    page.get_by_label("Reason (kept internal: never shown on verification)").fill("Issued in error")
    page.get_by_role("button", name="Yes, revoke this certificate").click()
    page.get_by_text(f"Certificate {certificate.number} is revoked.").wait_for()
    page.get_by_text("Issued in error").wait_for()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
