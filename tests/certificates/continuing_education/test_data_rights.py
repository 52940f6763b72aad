"""Continuing education in the person's data: in her download (with its documents) and
gone, files too, when she asks to be forgotten."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import person_erase
from certificates import data_rights
from certificates.models import ContinuingEducation
from tests.certificates.renewal.test_services import certificate, credential_with_validity

PDF = b"%PDF-1.4 attendance"


@pytest.mark.django_db
def test_export_and_erasure_include_continuing_education(
    participant, other_participant, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    credential_with_validity(24, "10")
    entries = [
        ContinuingEducation.objects.create(
            certificate=certificate(person, expires_on=datetime.date(2026, 6, 30)),
            activity="Peer support ethics",
            provider="Coalition",
            completed_on=datetime.date(2026, 4, 1),
            hours=Decimal("3"),
            return_reason="The date?",
            evidence=SimpleUploadedFile("a.pdf", PDF),
        )
        for person in (participant, other_participant)
    ]
    mine, theirs = entries
    exported = data_rights.export(participant.user)[0]["continuing_education"]
    assert exported == [
        {
            "activity": "Peer support ethics",
            "provider": "Coalition",
            "completed": datetime.date(2026, 4, 1),
            "hours": Decimal("3.00"),
            "status": "Waiting for review",
            "return_reason": "The date?",
            "evidence_attached": True,
        }
    ]
    assert [content for _name, content in data_rights.files(participant.user) if content == PDF] == [PDF]

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=participant.user)
    assert not ContinuingEducation.objects.filter(pk=mine.pk).exists()
    assert not mine.evidence.storage.exists(mine.evidence.name)
    assert theirs.evidence.storage.exists(theirs.evidence.name)
