"""Reads for public verification: find a certificate by the number someone typed, and
what the public page may say about it (its state, the displayed name, the credential,
the dates; never the cohort, contact details or why it was revoked)."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from certificates.models import Certificate

# Typed numbers may carry spaces and dashes (as printed); letters and digits only after.
NUMBER_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
NUMBER_SHAPE = re.compile(r"^[A-Z0-9]{1,40}$")


def number_normalise(typed: str) -> str:
    """The compact form of a typed number: trimmed, upper-case, without spaces or dashes."""
    return NUMBER_SEPARATORS.sub("", (typed or "").strip().upper())


def number_is_well_formed(compact: str) -> bool:
    return bool(NUMBER_SHAPE.match(compact))


class State:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REPLACED = "replaced"


@dataclass(frozen=True)
class Verification:
    """Everything the public page shows, and nothing more."""

    state: str
    displayed_name: str
    credential_name: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    # The newer certificate's number, for a replaced one (its own verification link).
    replaced_by_number: str | None
    number: str


def certificate_for_number(typed: str) -> Certificate | None:
    """One query: the certificate whose number matches the typed one, whatever its
    dashes, spaces or case. None for anything unknown or malformed."""
    compact = number_normalise(typed)
    if not number_is_well_formed(compact):
        return None
    stored = Replace(Replace(Upper("number"), Value("-"), Value("")), Value(" "), Value(""))
    return (
        Certificate.objects.annotate(compact_number=stored)
        .filter(compact_number=compact)
        .select_related("credential", "replaced_by")
        .first()
    )


def certificate_state(certificate: Certificate, *, today: datetime.date | None = None) -> str:
    """Revoked and replaced come first: an expired certificate that was revoked says revoked."""
    today = today or timezone.localdate()
    if certificate.status == Certificate.Status.REVOKED:
        return State.REVOKED
    if certificate.status == Certificate.Status.REPLACED:
        return State.REPLACED
    if certificate.expires_on and certificate.expires_on < today:
        return State.EXPIRED
    return State.VALID


def _newer_number(certificate: Certificate) -> str | None:
    try:
        return certificate.replaced_by.number
    except Certificate.DoesNotExist:
        return None


def verification_for_number(typed: str, *, today: datetime.date | None = None) -> Verification | None:
    certificate = certificate_for_number(typed)
    if certificate is None:
        return None
    state = certificate_state(certificate, today=today)
    return Verification(
        state=state,
        displayed_name=certificate.displayed_name,
        credential_name=certificate.credential.name,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        replaced_by_number=_newer_number(certificate) if state == State.REPLACED else None,
        number=certificate.number,
    )
