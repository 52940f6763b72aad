"""The participant's certificate in a real browser: before issue they choose the name it
will show; once it is issued (created directly here) they download the PDF and find the
verification link, on a desktop and on a phone."""

import pytest

from certificates.models import CertificateName
from certificates.rendering import verification_url
from tests.certificates.pdf_support import certificate_for, private_media  # noqa: F401
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot

pytestmark = pytest.mark.usefixtures("private_media")


def test_a_participant_chooses_their_name_and_downloads_their_certificate(signed_in_participant, participant):
    page = signed_in_participant
    participant.user.legal_name = "Cora Legal Name"
    participant.user.save()

    # Before issue: both names are shown, so the person sees what will print.
    page.goto("/my-certificate/")
    page.get_by_role("heading", name="My certificate", level=1).wait_for()
    assert_accessible(page)
    page.get_by_label("Your legal name: Cora Legal Name").check()
    page.get_by_role("button", name="Save my choice").click()
    page.get_by_text("Your certificate will show the name you chose.").wait_for()
    assert CertificateName.objects.get(participant=participant).use == CertificateName.Use.LEGAL
    assert page.get_by_label("Your legal name: Cora Legal Name").is_checked()

    # After issue: the number, the files and the verification link.
    certificate = certificate_for(participant, displayed_name="Cora Legal Name")
    page.reload()
    page.get_by_text(certificate.number).first.wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{certificate.number}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    link = page.get_by_label("Verification link", exact=False)
    assert link.input_value() == verification_url(certificate)
    # With JavaScript the Copy button appears next to the link.
    assert page.get_by_role("button", name="Copy").is_visible()

    # On a phone nothing runs off the side.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "certificate-participant-phone.png")
