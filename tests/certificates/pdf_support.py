"""Helpers for the certificate file and page tests: a certificate row built directly (not
through issuing), and private files in a temporary folder."""

import datetime

import pytest

from certificates.models import Certificate


def certificate_for(participant, *, number: str = "CPSE-TEST-0001-AAAA", **fields) -> Certificate:
    fields.setdefault("displayed_name", participant.user.display_name)
    fields.setdefault("issued_on", datetime.date(2026, 11, 20))
    return Certificate.objects.create(
        participant=participant, credential=participant.cohort.credential, number=number, **fields
    )


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
