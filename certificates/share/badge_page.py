"""What the public badge page adds for a certificate its graduate shares: the picture, the
criteria, and the link-preview tags (Open Graph, Twitter card).

Rules chosen here: nothing personal beyond the name printed on the certificate; every
address absolute (previews are read by other sites); only called for a shared
certificate that still stands (`verification.badge_page_shown`)."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.open_badges import criteria_narrative
from certificates.rendering import verification_url


@dataclass(frozen=True)
class BadgePage:
    title: str
    description: str
    page_url: str
    image_url: str
    image_path: str  # the same picture, on this site, for the page itself
    issuer: str
    criteria: list[str]


def badge_image_path(certificate: Certificate) -> str:
    return reverse("certificates_public:badge_image", args=[certificate.credential.abbreviation])


def badge_page(certificate: Certificate) -> BadgePage:
    issuer = str(settings.PROGRAM_ORGANISATION)
    narrative = criteria_narrative(certificate).splitlines()
    return BadgePage(
        title=_("%(name)s: %(credential)s")
        % {"name": certificate.displayed_name, "credential": certificate.credential.name},
        description=_("A credential issued by %(issuer)s on %(date)s. Anyone can check it at this address.")
        % {"issuer": issuer, "date": formats.date_format(certificate.issued_on, "DATE_FORMAT")},
        page_url=verification_url(certificate),
        image_url=settings.SITE_URL.rstrip("/") + badge_image_path(certificate),
        image_path=badge_image_path(certificate),
        issuer=issuer,
        # The first line is the introduction ("Everyone who holds this credential completed:").
        criteria=[line.removeprefix("- ") for line in narrative[1:]],
    )
