"""The certificate and the wallet card as PDF, rendered once with WeasyPrint from Django
templates and stored privately. WeasyPrint may load only our own static files (and the
QR code, embedded as data)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML, default_url_fetcher

from certificates.models import Certificate

STATIC_PREFIX = "static:"


def url_fetcher(url: str, *args, **kwargs):
    """Only data: URIs and files found by the static finders; anything else is refused,
    so a certificate can never make the server fetch from the network."""
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    if url.startswith(STATIC_PREFIX):
        path = finders.find(url.removeprefix(STATIC_PREFIX))
        if path:
            return default_url_fetcher(f"file://{path}", *args, **kwargs)
    raise ValueError(f"Certificates load only their own static files, not {url!r}")


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates_public:verify_number", args=[certificate.number])


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=url_fetcher).write_pdf()


def certificate_render(*, certificate: Certificate, force: bool = False) -> Certificate:
    """Render and store the certificate and the wallet card, once (again only if `force`)."""
    if certificate.pdf and certificate.wallet_pdf and not force:
        return certificate
    context = {"certificate": certificate, "verification_url": verification_url(certificate)}
    certificate.pdf.save(
        f"{certificate.number}.pdf", ContentFile(render_pdf("certificates/pdf/certificate.html", context)), save=False
    )
    certificate.wallet_pdf.save(
        f"{certificate.number}-card.pdf", ContentFile(render_pdf("certificates/pdf/wallet.html", context)), save=False
    )
    certificate.save(update_fields=["pdf", "wallet_pdf"])
    return certificate
