"""The certificate and the wallet card as PDF, rendered once with WeasyPrint from Django
templates and stored privately. WeasyPrint may load only our own static files (and the
QR code, embedded as data), through `cpse.pdf`'s fetcher.

Both documents are rendered in the participant's preferred language, so the Spanish
certificate needs no second template: only the translations in locale/."""

import functools

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint import CSS, HTML

from certificates.models import Certificate
from cpse.bilingual import written
from cpse.pdf import STATIC_PREFIX, font_config, stylesheet, url_fetcher
from cpse.uploads import file_replacement

CERTIFICATE_TEMPLATE = "certificates/pdf/certificate.html"
WALLET_TEMPLATE = "certificates/pdf/wallet.html"
# Each document's stylesheet, in static/ and parsed once per process (not on every render).
STYLESHEETS = {CERTIFICATE_TEMPLATE: "certificates/certificate.css", WALLET_TEMPLATE: "certificates/wallet.css"}
# CSS page sizes for CERTIFICATE_PAGE_SIZE; the wallet card is always ID-1 (a bank card).
PAGE_SIZES = {"letter": "letter landscape", "a4": "A4 landscape"}


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates_public:verify_number", args=[certificate.number])


def qr_data_uri(url: str) -> str:
    """The QR code as a small PNG data URI, drawn without smoothing (`image-rendering:
    pixelated`) so it stays sharp at any size. An SVG drew several times slower."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=0, dark="#1f2a44")


def language_for(certificate: Certificate) -> str:
    return certificate.participant.user.preferred_language or settings.LANGUAGE_CODE


def certificate_context(certificate: Certificate) -> dict:
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        # In the document's language when staff wrote it so (cpse.bilingual).
        "credential_name": written(certificate.credential, "name"),
        "cohort_year": certificate.participant.cohort.year,
        "verification_url": url,
        "qr_code": qr_data_uri(url),
        "signatory_name": settings.CERTIFICATE_SIGNATORY_NAME,
        "signatory_title": settings.CERTIFICATE_SIGNATORY_TITLE,
        "program_name": settings.PROGRAM_NAME,
        "organisation": settings.PROGRAM_ORGANISATION,
    }


def render_html(template: str, certificate: Certificate) -> str:
    """The document's HTML, in the participant's language (its `lang` says which)."""
    with translation.override(language_for(certificate)):
        context = certificate_context(certificate)
        context["LANGUAGE_CODE"] = translation.get_language()
        return render_to_string(template, context)


@functools.cache
def _page_size(size: str) -> CSS:
    return CSS(string=f"@page {{ size: {size}; margin: 10mm; }}")


def stylesheets(template: str) -> list[CSS]:
    sheets = [stylesheet(STYLESHEETS[template])] if template in STYLESHEETS else []
    if template == CERTIFICATE_TEMPLATE:
        sheets.append(_page_size(PAGE_SIZES[settings.CERTIFICATE_PAGE_SIZE]))
    return sheets


def render_pdf(html: str, template: str | None = None) -> bytes:
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=url_fetcher)
    return document.write_pdf(stylesheets=stylesheets(template) if template else None, font_config=font_config())


def render_document(template: str, certificate: Certificate) -> bytes:
    return render_pdf(render_html(template, certificate), template)


def certificate_render(*, certificate: Certificate, force: bool = False) -> Certificate:
    """Render and store the certificate and the wallet card, once (again only if `force`)."""
    if certificate.pdf and certificate.wallet_pdf and not force:
        return certificate
    document = render_document(CERTIFICATE_TEMPLATE, certificate)
    card = render_document(WALLET_TEMPLATE, certificate)
    # Files rendered before are deleted once the new ones are saved (none is left behind).
    with file_replacement(certificate, "pdf"), file_replacement(certificate, "wallet_pdf"):
        certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(document), save=False)
        certificate.wallet_pdf.save(f"{certificate.number}-card.pdf", ContentFile(card), save=False)
        certificate.save(update_fields=["pdf", "wallet_pdf"])
    return certificate
