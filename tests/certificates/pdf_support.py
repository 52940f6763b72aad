"""Helpers for the certificate file and page tests: a certificate row built directly (not
through issuing), private files in a temporary folder, and the verification URL.

`verification_url` reverses `certificates_public:verify_number`, which the verification
module provides. Where it is not there yet, `verify_url_name` adds a stand-in for the test
and takes it away again."""

import datetime

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, path, reverse

from certificates import public_urls
from certificates.models import Certificate


def certificate_for(participant, *, number: str = "CPSE-TEST-0001-AAAA", **fields) -> Certificate:
    fields.setdefault("displayed_name", participant.user.display_name)
    fields.setdefault("issued_on", datetime.date(2026, 11, 20))
    return Certificate.objects.create(
        participant=participant, credential=participant.cohort.credential, number=number, **fields
    )


@pytest.fixture
def verify_url_name():
    try:
        reverse("certificates_public:verify_number", args=["X"])
        yield
        return
    except NoReverseMatch:
        pass
    stand_in = path("<str:number>/", lambda request, number: HttpResponse(number), name="verify_number")
    public_urls.urlpatterns.append(stand_in)
    clear_url_caches()
    yield
    public_urls.urlpatterns.remove(stand_in)
    clear_url_caches()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
