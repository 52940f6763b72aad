"""LinkedIn's "Add to profile" link for a certificate.

Rules chosen here: LinkedIn's public add-to-profile address, filled with what the
certificate already shows in public (credential, issuer, dates, number, verification
link); no API key, nothing sent to LinkedIn until the graduate clicks and confirms there."""

from urllib.parse import urlencode

from django.conf import settings

from certificates.models import Certificate
from certificates.rendering import verification_url

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_add_url(certificate: Certificate) -> str:
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.credential.name,
        "organizationName": str(settings.PROGRAM_ORGANISATION),
        "issueYear": certificate.issued_on.year,
        "issueMonth": certificate.issued_on.month,
    }
    if certificate.expires_on:
        params["expirationYear"] = certificate.expires_on.year
        params["expirationMonth"] = certificate.expires_on.month
    params["certUrl"] = verification_url(certificate)
    params["certId"] = certificate.number
    return f"{ADD_TO_PROFILE}?{urlencode(params)}"
