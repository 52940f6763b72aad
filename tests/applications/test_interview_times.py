"""Interview times say their time zone, for the applicant and for staff (issue #25), so a
time is never read in the wrong hour."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from applications import services
from applications.models import Application
from tests.applications.test_views import IN_WINDOW
from tests.factories import ApplicationFactory, CohortFactory

S = Application.Status


def zone_note(language: str) -> str:
    """How the page names the site's zone, in `language` (the catalogue's words)."""
    with translation.override(language):
        return translation.gettext("%(when)s (%(zone)s time)") % {"when": "", "zone": "America/New York"}


@pytest.fixture
def open_window(time_machine, db):
    time_machine.move_to(IN_WINDOW)
    return CohortFactory(year=2026)


@pytest.fixture
def slot(open_window, program_staff):
    return services.interview_slot_create(
        cohort=open_window,
        starts_at=IN_WINDOW + datetime.timedelta(days=2),  # 10:00 in New York
        duration_minutes=45,
        location="Room 2",
        by=program_staff,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_applicant_reads_times_with_their_zone(client, open_window, slot, language):
    application = ApplicationFactory(cohort=open_window, status=S.INTERVIEW_INVITED)
    client.force_login(application.applicant)
    page = client.get(reverse("applications:mine"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert zone_note(language).strip() in page
    client.post(reverse("applications:book_interview", args=[slot.public_id]))
    page = client.get(reverse("applications:mine"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert zone_note(language).strip() in page and "Room 2" in page


@pytest.mark.django_db
def test_staff_read_interview_times_with_their_zone(client, slot, program_staff):
    client.force_login(program_staff)
    page = client.get(reverse("applications_staff:interviews")).content.decode()
    assert "10 a.m. (America/New York time)" in page
