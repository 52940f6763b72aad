"""Expiry and renewal in a real browser: program staff give the credential a 24-month
validity, find a certificate that expires soon on the list, and record a renewal; the
pages pass axe and fit a phone."""

import datetime

from django.utils import timezone

from certificates.models import Certificate, Renewal
from tests.certificates.renewal.test_services import certificate
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot
from tests.factories import cpse_credential


def test_staff_set_a_validity_and_record_a_renewal(signed_in_staff, participant):
    page = signed_in_staff
    today = timezone.localdate()
    credential = cpse_credential()
    expires_on = today + datetime.timedelta(days=20)
    cert = certificate(participant, expires_on=expires_on)

    page.goto(f"/staff/certificates/credential/{credential.pk}/renewal/")
    page.get_by_role("heading", name="Expiry and renewal: CPSE").wait_for()
    page.get_by_text("never changes certificates already issued").wait_for()
    assert_accessible(page)
    page.get_by_label("Validity in months").fill("24")
    page.get_by_label("Continuing-education hours for a renewal").fill("10")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Certificates of CPSE issued from now on are valid for 24 months.").wait_for()
    credential.refresh_from_db()
    assert credential.validity_months == 24
    # Changing the validity left the issued certificate as it was.
    assert Certificate.objects.get(pk=cert.pk).expires_on == expires_on

    page.get_by_role("link", name="Certificates to renew").click()
    page.get_by_role("heading", name="Certificates to renew").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=f"Record a renewal ({cert.displayed_name}, {cert.number})").click()
    page.get_by_role("heading", name=f"Renew certificate {cert.number}").wait_for()
    assert_accessible(page)
    completed_on = today - datetime.timedelta(days=3)
    page.get_by_label("Continuing-education hours completed").fill("8")
    page.get_by_label("Date the hours were completed").fill(completed_on.isoformat())
    page.get_by_label("Notes (optional)").fill("Two workshops, certificates seen")
    page.get_by_role("button", name="Record the renewal").click()
    # Too few hours: explained, and what was typed is kept.
    page.get_by_text("Please check the answers marked below").wait_for()
    page.get_by_text("A renewal asks for at least 10 continuing-education hours.").first.wait_for()
    assert page.get_by_label("Notes (optional)").input_value() == "Two workshops, certificates seen"
    assert_accessible(page)
    page.get_by_label("Continuing-education hours completed").fill("12.5")
    page.get_by_role("button", name="Record the renewal").click()
    page.get_by_text("The renewal is recorded.").wait_for()
    record = Renewal.objects.get(certificate=cert)
    assert record.hours == 12.5
    cert.refresh_from_db()
    assert cert.expires_on == record.new_expires_on > expires_on

    # The renewal page and the list work on a phone.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "certificates-renewal-phone.png")
    page.goto("/staff/certificates/renewals/")
    page.get_by_role("heading", name="Certificates to renew").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"/staff/certificates/credential/{credential.pk}/renewal/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
