"""Reads for public verification: find a certificate by the number someone typed, and
what the public page may say about it (its state, the displayed name, the credential,
the dates; never the cohort, contact details or why it was revoked).

Rules chosen here: the name is shown as it always was, except for a certificate its
graduate shared (`Certificate.sharing`) that is now revoked or replaced: a link that went
round never keeps showing her name. One lookup budget per client address for the single
page, the badge file and the list check alike: 20 a minute, and 200 in ten minutes,
where each number of a list counts as one lookup (so a list reveals nothing faster than
single lookups would)."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from certificates.models import Certificate
from cpse.ratelimit import client_ip, rate_limited

# Typed numbers may carry spaces and dashes (as printed); letters and digits only after.
NUMBER_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
NUMBER_SHAPE = re.compile(r"^[A-Z0-9]{1,40}$")
# Lookups per client address: a burst a minute, and a ceiling over ten minutes that a
# list of numbers (each counted) cannot go round.
LOOKUP_LIMIT = 20
LOOKUP_SECONDS = 60
LOOKUP_WINDOW_LIMIT = 200
LOOKUP_WINDOW_SECONDS = 600


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


def _with_compact_number():
    stored = Replace(Replace(Upper("number"), Value("-"), Value("")), Value(" "), Value(""))
    return Certificate.objects.annotate(compact_number=stored).select_related("credential", "replaced_by")


def certificate_for_number(typed: str) -> Certificate | None:
    """One query: the certificate whose number matches the typed one, whatever its
    dashes, spaces or case. None for anything unknown or malformed."""
    compact = number_normalise(typed)
    if not number_is_well_formed(compact):
        return None
    return _with_compact_number().filter(compact_number=compact).first()


def certificates_for_numbers(compacts: list[str]) -> dict[str, Certificate]:
    """One query for a whole list: compact number → certificate, for those that exist."""
    wanted = [compact for compact in compacts if number_is_well_formed(compact)]
    if not wanted:
        return {}
    return {
        certificate.compact_number: certificate
        for certificate in _with_compact_number().filter(compact_number__in=wanted)
    }


def too_many_lookups(request) -> bool:
    """Count one lookup for the client's address (both budgets); True once over either."""
    key = client_ip(request)
    burst = rate_limited(scope="certificate-lookup", key=key, limit=LOOKUP_LIMIT, seconds=LOOKUP_SECONDS)
    window = rate_limited(
        scope="certificate-lookup-window", key=key, limit=LOOKUP_WINDOW_LIMIT, seconds=LOOKUP_WINDOW_SECONDS
    )
    return burst or window


def too_many_list_lookups(request, *, count: int) -> bool:
    """Count a list of `count` numbers as `count` lookups in both budgets (so single
    lookups wait after a list), refused only over the ten-minute ceiling: a list may
    be longer than a minute's burst, never more than single lookups allow in ten minutes."""
    key = client_ip(request)
    rate_limited(scope="certificate-lookup", key=key, limit=LOOKUP_LIMIT, seconds=LOOKUP_SECONDS, cost=count)
    return rate_limited(
        scope="certificate-lookup-window",
        key=key,
        limit=LOOKUP_WINDOW_LIMIT,
        seconds=LOOKUP_WINDOW_SECONDS,
        cost=count,
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


def badge_page_shown(certificate: Certificate, state: str) -> bool:
    """The badge page (image, criteria, link previews) for a shared certificate that still
    stands (valid, or expired: it was real); never for a revoked or replaced one."""
    return certificate.sharing and state in (State.VALID, State.EXPIRED)


def name_shown(certificate: Certificate, state: str) -> bool:
    return not (certificate.sharing and state in (State.REVOKED, State.REPLACED))


def _newer_number(certificate: Certificate) -> str | None:
    try:
        return certificate.replaced_by.number
    except Certificate.DoesNotExist:
        return None


def verification_of(certificate: Certificate, *, today: datetime.date | None = None) -> Verification:
    """What any public answer says about `certificate` (the single page and the list alike)."""
    state = certificate_state(certificate, today=today)
    return Verification(
        state=state,
        displayed_name=certificate.displayed_name if name_shown(certificate, state) else "",
        credential_name=certificate.credential.name,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        replaced_by_number=_newer_number(certificate) if state == State.REPLACED else None,
        number=certificate.number,
    )


def verification_for_number(typed: str, *, today: datetime.date | None = None) -> Verification | None:
    certificate = certificate_for_number(typed)
    if certificate is None:
        return None
    return verification_of(certificate, today=today)
