"""Helpers for the certificate file and page tests (and any test of private files): a
certificate row built directly (not through issuing), and private files in a temporary
folder, listed as the names rows hold."""

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


def stored_files(root) -> set[str]:
    """Every file under the private media folder `root`, as the names rows hold
    ("private/<model>/<random>.pdf")."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()} if root.exists() else set()
