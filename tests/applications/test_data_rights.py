import datetime
import io
import json
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from applications import services
from applications.models import Application, InterestSignup
from cohorts.models import Participant
from cpse import data_rights
from tests.certificates.pdf_support import private_media, stored_files  # noqa: F401
from tests.conftest import reauthenticate
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
    reauthenticate(client)  # the download asks to confirm it is me first
    response = client.get(reverse("accounts:my_data_download"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        exported = json.loads(archive.read("applications.json"))
        assert archive.read("files/applications/education-document.pdf") == PDF
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode(errors="ignore")
    assert exported[0]["access_needs"] == "large print"
    assert exported[0]["eligibility_answers"]["exit_year"] == 2015
    assert "Private words of the agency" not in everything and "Staff-only note" not in everything


@pytest.mark.django_db
@pytest.mark.usefixtures("private_media")
def test_erasure_removes_applications_but_keeps_the_participant_count(
    program_staff, settings, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.INTERVIEWED)
    application.education_document.save("x.pdf", ContentFile(PDF))
    stored = application.education_document.path
    services.application_decide(application=application, decision=S.ACCEPTED, by=program_staff)
    with django_capture_on_commit_callbacks(execute=True):
        data_rights.erase_personal_data(application.applicant)
        assert os.path.exists(stored)  # until the erasure commits
    assert not Application.objects.exists()
    assert Participant.objects.count() == 1
    assert not os.path.exists(stored) and stored_files(settings.MEDIA_ROOT) == set()


# --- Replacing the education document -----------------------------------------------------


def _eligibility(upload) -> dict:
    return {
        "exit_year": 2015,
        "exit_month": None,
        "free_from_dependency": True,
        "education": "ged",
        "education_document": upload,
    }


def _upload(name: str = "diploma.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.django_db
@pytest.mark.usefixtures("private_media")
def test_a_new_document_replaces_the_old_one_once_saved(settings, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    assert stored_files(settings.MEDIA_ROOT) == set()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save_step(application=application, step="eligibility", data=_eligibility(_upload()))
    first = stored_files(settings.MEDIA_ROOT)
    assert first == {application.education_document.name}
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save_step(application=application, step="eligibility", data=_eligibility(_upload()))
        assert stored_files(settings.MEDIA_ROOT) > first  # both, until the change commits
    application.refresh_from_db()
    assert (
        stored_files(settings.MEDIA_ROOT) == {application.education_document.name}
        and not stored_files(settings.MEDIA_ROOT) & first
    )
    # Saving the step again without a new file keeps the document.
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save_step(application=application, step="eligibility", data=_eligibility(None))
    assert stored_files(settings.MEDIA_ROOT) == {application.education_document.name}


@pytest.mark.django_db
@pytest.mark.usefixtures("private_media")
def test_a_failed_save_keeps_the_old_document_and_leaves_no_new_file(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    services.application_save_step(application=application, step="eligibility", data=_eligibility(_upload()))
    before = stored_files(settings.MEDIA_ROOT)
    original_save = Application.save

    def save_then_fail(self, *args, **kwargs):
        original_save(self, *args, **kwargs)  # the new file is written to storage here
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Application, "save", save_then_fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError):
        services.application_save_step(application=application, step="eligibility", data=_eligibility(_upload()))
    monkeypatch.undo()
    application.refresh_from_db()
    assert stored_files(settings.MEDIA_ROOT) == before == {application.education_document.name}


@pytest.mark.django_db
@pytest.mark.usefixtures("private_media")
def test_the_applicant_replaces_the_document_on_the_eligibility_step(
    client, settings, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(current_step=Application.Step.ELIGIBILITY)
    client.force_login(application.applicant)
    url = reverse("applications:step", args=["eligibility"])
    form = {"exit_year": "2015", "free_from_dependency": "yes", "education": "ged"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form, "education_document": _upload("first.pdf")})
    first = stored_files(settings.MEDIA_ROOT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form, "education_document": _upload("second.pdf")})
    application.refresh_from_db()
    assert len(first) == 1 and stored_files(settings.MEDIA_ROOT) == {application.education_document.name} != first


# --- Interest sign-ups (made without an account) --------------------------------------------


@pytest.mark.django_db
def test_interest_signups_with_the_persons_email_are_exported_and_erased(client, applicant):
    InterestSignup.objects.create(
        display_name="Ana", email="ANA@example.org", phone="555-0100", note="Please text first", state="TX"
    )
    other = InterestSignup.objects.create(display_name="Someone else", email="someone@example.org")
    client.force_login(applicant)
    reauthenticate(client)
    response = client.get(reverse("accounts:my_data_download"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        exported = json.loads(archive.read("interest_signups.json"))
    assert [(s["name"], s["phone"], s["your_note"]) for s in exported] == [("Ana", "555-0100", "Please text first")]
    assert "Someone else" not in json.dumps(exported)
    data_rights.erase_personal_data(applicant)
    assert list(InterestSignup.objects.all()) == [other]


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
