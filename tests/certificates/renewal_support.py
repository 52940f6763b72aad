"""Builders for the renewal tests: certificates are made directly (no issuing service)."""

import datetime
import itertools
from decimal import Decimal

from certificates.models import Certificate
from tests.factories import ParticipantFactory, cpse_credential

_numbers = itertools.count(1)


def credential_with_validity(months: int | None = 24, hours: str | None = "10"):
    credential = cpse_credential()
    credential.validity_months = months
    credential.renewal_hours = Decimal(hours) if hours is not None else None
    credential.save()
    return credential


def certificate(participant=None, *, expires_on: datetime.date | None, credential=None, **fields) -> Certificate:
    participant = participant or ParticipantFactory()
    return Certificate.objects.create(
        number=f"CPSE-TEST-{next(_numbers):05d}",
        participant=participant,
        credential=credential or cpse_credential(),
        displayed_name=participant.user.display_name,
        issued_on=datetime.date(2024, 10, 17),
        expires_on=expires_on,
        **fields,
    )
