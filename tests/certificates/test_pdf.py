"""The certificate and wallet card PDFs: what they say, the QR code, size, page size,
language, the restricted fetcher, and rendering once."""

import io

import cv2
import numpy
import pypdfium2
import pytest
from django.conf import settings
from pypdf import PdfReader

from certificates import rendering
from certificates.rendering import certificate_render, url_fetcher, verification_url
from cpse.pdf import FetchRefused, StaticOnlyFetcher
from tests.certificates.pdf_support import certificate_for, private_media, stored_files  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

POINTS_PER_INCH = 72


def pdf_text(data: bytes) -> str:
    # Words joined by single spaces: line breaks fall where the layout puts them.
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def page_size(data: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return float(box.width), float(box.height)


@pytest.fixture
def rendered(participant):
    participant.user.legal_name = "Cora Legal"
    participant.user.save()
    certificate = certificate_for(participant, displayed_name="Cora Legal")
    return certificate_render(certificate=certificate)


def test_the_certificate_says_who_what_and_which_number(rendered):
    data = rendered.pdf.read()
    text = pdf_text(data)
    assert "CPSE-TEST-0001-AAAA" in text
    assert "Cora Legal" in text
    assert rendered.credential.name in text
    assert "2026" in text
    assert settings.CERTIFICATE_SIGNATORY_NAME in text
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert len(data) <= 100_000


def test_the_qr_code_leads_to_the_verification_page(rendered):
    page = pypdfium2.PdfDocument(rendered.pdf.read())[0]
    image = numpy.array(page.render(scale=3).to_pil().convert("L"))
    decoded, _points, _straight = cv2.QRCodeDetector().detectAndDecode(image)
    assert decoded == verification_url(rendered)


def test_the_wallet_card_is_bank_card_sized_and_names_the_number(rendered):
    data = rendered.wallet_pdf.read()
    width, height = page_size(data)
    assert width == pytest.approx(85.6 / 25.4 * POINTS_PER_INCH, abs=1)
    assert height == pytest.approx(54 / 25.4 * POINTS_PER_INCH, abs=1)
    text = pdf_text(data)
    assert "CPSE-TEST-0001-AAAA" in text and "Cora Legal" in text


def test_an_expiring_certificate_prints_its_expiry(participant):
    import datetime

    certificate = certificate_for(participant, expires_on=datetime.date(2029, 11, 20))
    html = rendering.render_html(rendering.CERTIFICATE_TEMPLATE, certificate)
    assert "2029" in html


@pytest.mark.parametrize(("size", "expected"), [("letter", (11, 8.5)), ("a4", (297 / 25.4, 210 / 25.4))])
def test_the_page_size_follows_the_setting_in_landscape(participant, settings, size, expected):
    settings.CERTIFICATE_PAGE_SIZE = size
    certificate = certificate_render(certificate=certificate_for(participant))
    width, height = page_size(certificate.pdf.read())
    assert width == pytest.approx(expected[0] * POINTS_PER_INCH, abs=1)
    assert height == pytest.approx(expected[1] * POINTS_PER_INCH, abs=1)


@pytest.mark.parametrize("language", ["es", "en"])
def test_it_is_written_in_the_participants_language(participant, language):
    # The Spanish words arrive with the translations; the language switch is checked here.
    participant.user.preferred_language = language
    participant.user.save()
    certificate = certificate_for(participant)
    for template in (rendering.CERTIFICATE_TEMPLATE, rendering.WALLET_TEMPLATE):
        assert f'<html lang="{language}">' in rendering.render_html(template, certificate)


def test_it_is_rendered_once_and_again_only_when_forced(participant):
    certificate = certificate_render(certificate=certificate_for(participant))
    names = (certificate.pdf.name, certificate.wallet_pdf.name)
    certificate.refresh_from_db()
    assert certificate_render(certificate=certificate).pdf.name == names[0]
    assert certificate.wallet_pdf.name == names[1]
    forced = certificate_render(certificate=certificate, force=True)
    assert forced.pdf.name != names[0]


def test_a_new_rendering_leaves_only_the_new_files(participant, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = certificate_render(certificate=certificate_for(participant))
        old = {first.pdf.name, first.wallet_pdf.name}
        forced = certificate_render(certificate=first, force=True)
        assert old < stored_files(settings.MEDIA_ROOT)  # the old files stay until the change commits
    assert stored_files(settings.MEDIA_ROOT) == {forced.pdf.name, forced.wallet_pdf.name}


def test_the_fetcher_refuses_the_network_and_files_outside_static():
    for url in ("https://example.org/x.png", "http://127.0.0.1/x.png", "file:///etc/passwd", "static:../../etc/passwd"):
        with pytest.raises(FetchRefused):
            url_fetcher(url)
    assert url_fetcher("static:css/cpse.css")
    assert url_fetcher("data:text/plain,ok")


def test_a_template_asking_for_the_network_or_a_local_file_gets_nothing(monkeypatch):
    asked, refused = [], []

    class Recording(StaticOnlyFetcher):
        def fetch(self, url, headers=None):
            asked.append(url)
            try:
                return super().fetch(url, headers)
            except FetchRefused:
                refused.append(url)
                raise

    monkeypatch.setattr(rendering, "url_fetcher", Recording())
    html = '<img src="https://example.org/x.png"><img src="file:///etc/passwd"><p>ok</p>'
    data = rendering.render_pdf(html)
    assert refused == asked == ["https://example.org/x.png", "file:///etc/passwd"]
    assert "root:" not in pdf_text(data)


def test_the_credential_is_named_in_spanish_when_staff_wrote_it(participant):
    credential = participant.cohort.credential
    participant.user.preferred_language = "es"
    participant.user.save()
    certificate = certificate_for(participant)
    html = rendering.render_html(rendering.WALLET_TEMPLATE, certificate)
    assert f'<p class="credential" lang="en">{credential.name}</p>' in html  # not written yet
    credential.name_es = "Apoyo entre Pares Certificado"
    credential.save()
    for template in (rendering.CERTIFICATE_TEMPLATE, rendering.WALLET_TEMPLATE):
        html = rendering.render_html(template, certificate)
        assert "Apoyo entre Pares Certificado" in html and credential.name not in html
