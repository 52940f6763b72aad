import datetime
import io
import json
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications import services
from applications.models import Application, InterestSignup
from cohorts.models import Participant
from cpse import data_rights
from tests.factories import ApplicationFactory

S = Application.Status
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.django_db
def test_an_applicant_exports_their_answers_and_document_but_not_what_others_wrote(client, program_staff):
    application = ApplicationFactory(status=S.SUBMITTED, access_needs="large print")
    application.education_document.save("x.pdf", ContentFile(PDF))
    _rec, token = services.recommendation_request(application=application, by=None)
    services.recommendation_submit(
        token=token, relationship="mentor", text="Private words of the agency", recommends=True
    )
    services.staff_note_add(application=application, author=program_staff, text="Staff-only note")
    client.force_login(application.applicant)
    response = client.get(reverse("accounts:my_data_download"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        exported = json.loads(archive.read("applications.json"))
        assert archive.read("files/applications/education-document.pdf") == PDF
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode(errors="ignore")
    assert exported[0]["access_needs"] == "large print"
    assert exported[0]["eligibility_answers"]["exit_year"] == 2015
    assert "Private words of the agency" not in everything and "Staff-only note" not in everything


@pytest.mark.django_db
def test_erasure_removes_applications_but_keeps_the_participant_count(program_staff):
    application = ApplicationFactory(status=S.INTERVIEWED)
    application.education_document.save("x.pdf", ContentFile(PDF))
    stored = application.education_document.path
    services.application_decide(application=application, decision=S.ACCEPTED, by=program_staff)
    data_rights.erase_personal_data(application.applicant)
    assert not Application.objects.exists()
    assert Participant.objects.count() == 1
    assert not os.path.exists(stored)


@pytest.mark.django_db
def test_unsuccessful_applications_and_old_interest_are_purged_after_their_period(time_machine, program_staff):
    time_machine.move_to(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC))
    declined = ApplicationFactory(status=S.INTERVIEWED)
    services.application_decide(application=declined, decision=S.DECLINED, by=program_staff)
    appealing = ApplicationFactory(status=S.INTERVIEWED)
    services.application_decide(application=appealing, decision=S.DECLINED, by=program_staff)
    services.appeal_submit(application=appealing, reason="please look again")
    draft = ApplicationFactory()
    accepted = ApplicationFactory(status=S.INTERVIEWED)
    services.application_decide(application=accepted, decision=S.ACCEPTED, by=program_staff)
    InterestSignup.objects.create(display_name="A", email="a@example.org")

    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
    assert data_rights.purge_expired(dry_run=False)["unsuccessful_applications"] == 0
    time_machine.move_to(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC))
    counts = data_rights.purge_expired(dry_run=True)
    assert counts["unsuccessful_applications"] == 2 and Application.objects.count() == 4
    counts = data_rights.purge_expired(dry_run=False)
    assert (counts["unsuccessful_applications"], counts["interest_signups"]) == (2, 0)
    assert set(Application.objects.values_list("pk", flat=True)) == {appealing.pk, accepted.pk}
    assert not Application.objects.filter(pk__in=[declined.pk, draft.pk]).exists()
    time_machine.move_to(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC))
    assert data_rights.purge_expired(dry_run=False)["interest_signups"] == 1
