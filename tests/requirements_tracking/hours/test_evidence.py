"""Evidence on hour entries: a document the participant attaches (optional unless the
requirement asks for one), under the application's upload rules (cpse.uploads): type by
content, a size limit, a random private name, downloaded only by her and program staff,
and deleted with the entry, when replaced or removed, and on erasure (after the commit)."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.services import person_erase
from cpse import data_rights
from cpse.audit.models import AccessLogEntry
from requirements_tracking.hours import services
from requirements_tracking.hours.rules import HourEntryError
from requirements_tracking.models import HourEntry
from tests.certificates.pdf_support import private_media, stored_files  # noqa: F401
from tests.requirements_tracking.conftest import REFLECTION, TODAY, self_care

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
NEW = reverse("requirements_tracking:entry_create")
MINE = reverse("requirements_tracking:mine")
INBOX = reverse("requirements_tracking_staff:inbox")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC))


def upload(name="Marisol certificate.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(**overrides) -> dict:
    return {"date": "2026-05-09", "hours": "2.5", "kind": "support_group", "reflection": REFLECTION, **overrides}


def edit_url(entry) -> str:
    return reverse("requirements_tracking:entry_edit", args=[entry.public_id])


def own_url(entry) -> str:
    return reverse("requirements_tracking:entry_evidence", args=[entry.public_id])


def staff_url(entry) -> str:
    return reverse("requirements_tracking_staff:evidence", args=[entry.public_id])


@pytest.fixture
def with_evidence(participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.hour_entry_submit(
            participant=participant,
            requirement=self_care(participant),
            date=TODAY,
            hours=Decimal("1"),
            kind="support_group",
            reflection=REFLECTION,
            evidence=upload(),
            today=TODAY,
        )


def require_evidence(participant) -> None:
    requirement = self_care(participant)
    requirement.evidence_required = True
    requirement.save(update_fields=["evidence_required"])


# --- Upload rules --------------------------------------------------------------------


def test_a_participant_attaches_a_document_stored_under_a_random_private_name(settings, client, participant):
    client.force_login(participant.user)
    page = client.get(NEW).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="evidence"' in page
    assert 'name="remove_evidence"' not in page  # nothing to remove yet

    response = client.post(NEW, form(evidence=upload()), follow=True)

    assert response.redirect_chain[-1][0] == MINE
    entry = HourEntry.objects.get()
    assert entry.evidence.name.startswith("private/hourentry/") and entry.evidence.name.endswith(".pdf")
    assert "Marisol" not in entry.evidence.name and "certificate" not in entry.evidence.name
    assert stored_files(settings.MEDIA_ROOT) == {entry.evidence.name}
    page = response.content.decode()
    assert "Document attached" in page and own_url(entry) in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.docx", b"PK\x03\x04 a word file", "Please choose a PDF, JPG or PNG file."),
        ("certificate.pdf", b"<html>not a pdf</html>", "does not look like a PDF file"),
        ("photo.png", PDF, "does not look like a PNG file"),
        ("no-suffix", PDF, "Please choose a PDF, JPG or PNG file."),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_and_what_was_typed_is_kept(
    settings, client, participant, name, content, message
):
    client.force_login(participant.user)
    response = client.post(NEW, form(evidence=upload(name, content)))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["evidence"])
    for field, value in form().items():
        assert response.context["form"].data[field] == value
    assert not HourEntry.objects.exists() and stored_files(settings.MEDIA_ROOT) == set()


def test_a_file_that_is_too_large_is_refused(settings, client, participant):
    settings.UPLOAD_MAX_BYTES = 1_000_000
    client.force_login(participant.user)
    response = client.post(NEW, form(evidence=upload(content=PDF + b"x" * 1_000_000)))
    assert "smaller than 1 MB" in " ".join(response.context["form"].errors["evidence"])
    assert not HourEntry.objects.exists() and stored_files(settings.MEDIA_ROOT) == set()


def test_a_good_file_with_a_refused_entry_is_not_stored_and_is_asked_for_again(settings, client, participant):
    client.force_login(participant.user)
    response = client.post(NEW, form(date="2026-05-11", evidence=upload()))  # tomorrow
    assert "future" in " ".join(response.context["form"].errors["date"])
    assert "Please choose your document again" in response.content.decode()
    assert not HourEntry.objects.exists() and stored_files(settings.MEDIA_ROOT) == set()


# --- Downloads -----------------------------------------------------------------------


def test_the_participant_downloads_her_own_document_under_a_neutral_name(client, participant, with_evidence):
    client.force_login(participant.user)
    response = client.get(own_url(with_evidence))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="hours-document.pdf"'
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_program_staff_see_the_document_in_the_inbox_and_review_and_download_it(
    client, program_staff, participant, with_evidence
):
    client.force_login(program_staff)
    for page in (INBOX, reverse("requirements_tracking_staff:review", args=[with_evidence.public_id])):
        text = client.get(page).content.decode()
        assert "Document attached" in text and staff_url(with_evidence) in text
    AccessLogEntry.objects.all().delete()
    response = client.get(staff_url(with_evidence))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="hours-document.pdf"'
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user).count() == 1


@pytest.mark.parametrize(
    "persona",
    ["other_participant", "mentor", "sponsor", "sponsor_without_consent", "instructor", "finance", "applicant"],
)
def test_nobody_else_downloads_the_document(client, persona_user, with_evidence, persona):
    client.force_login(persona_user(persona))
    own, staff = client.get(own_url(with_evidence)), client.get(staff_url(with_evidence))
    assert own.status_code == 404  # not hers: she may not know it exists
    assert staff.status_code == 403
    assert "Content-Disposition" not in own and "Content-Disposition" not in staff


def test_an_entry_without_a_document_has_nothing_to_download(client, participant, program_staff, log):
    entry = log()
    client.force_login(participant.user)
    assert client.get(own_url(entry)).status_code == 404
    client.force_login(program_staff)
    assert client.get(staff_url(entry)).status_code == 404
    assert "Document attached" not in client.get(INBOX).content.decode()


# --- Replacing, removing, deleting -----------------------------------------------------


def test_a_new_document_replaces_the_old_one_once_saved(
    settings, client, participant, with_evidence, django_capture_on_commit_callbacks
):
    first = with_evidence.evidence.name
    client.force_login(participant.user)
    page = client.get(edit_url(with_evidence)).content.decode()
    assert "Already attached: a PDF file." in page and own_url(with_evidence) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(with_evidence), form(evidence=upload("sign-in sheet.png", PNG)))
        assert response.status_code == 302
        assert first in stored_files(settings.MEDIA_ROOT)  # kept until the change commits
    with_evidence.refresh_from_db()
    assert with_evidence.evidence.name.endswith(".png") and with_evidence.evidence_kind == "PNG"
    assert stored_files(settings.MEDIA_ROOT) == {with_evidence.evidence.name}


def test_changing_an_entry_without_a_new_file_keeps_the_document(
    settings, client, participant, with_evidence, django_capture_on_commit_callbacks
):
    client.force_login(participant.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(with_evidence), form(hours="1.5"))
    with_evidence.refresh_from_db()
    assert with_evidence.hours == Decimal("1.5")
    assert stored_files(settings.MEDIA_ROOT) == {with_evidence.evidence.name} != set()


def test_the_participant_removes_the_document(
    settings, client, participant, with_evidence, django_capture_on_commit_callbacks
):
    client.force_login(participant.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(with_evidence), form(remove_evidence="on"))
    with_evidence.refresh_from_db()
    assert not with_evidence.evidence and stored_files(settings.MEDIA_ROOT) == set()


def test_an_approved_entrys_document_stays(settings, client, participant, program_staff, with_evidence):
    services.hour_entry_approve(entry=with_evidence, by=program_staff)
    client.force_login(participant.user)
    client.post(edit_url(with_evidence), form(remove_evidence="on", evidence=upload()))
    with_evidence.refresh_from_db()
    assert stored_files(settings.MEDIA_ROOT) == {with_evidence.evidence.name} != set()


def test_withdrawing_an_entry_deletes_its_document_after_the_commit(
    settings, participant, with_evidence, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.hour_entry_withdraw(entry=with_evidence, by=participant.user)
        assert stored_files(settings.MEDIA_ROOT) != set()  # not before the deletion commits
    assert not HourEntry.objects.exists() and stored_files(settings.MEDIA_ROOT) == set()


# --- Evidence required ------------------------------------------------------------------


def test_a_requirement_that_asks_for_a_document_refuses_an_entry_without_one(settings, client, participant):
    require_evidence(participant)
    client.force_login(participant.user)
    assert "the program asks for a document" in client.get(NEW).content.decode()
    response = client.post(NEW, form())
    assert response.status_code == 200
    assert "These hours need a document" in " ".join(response.context["form"].errors["evidence"])
    for field, value in form().items():
        assert response.context["form"].data[field] == value
    assert not HourEntry.objects.exists()
    assert client.post(NEW, form(evidence=upload())).status_code == 302
    assert HourEntry.objects.get().evidence


def test_a_required_document_is_kept_or_replaced_never_only_removed(client, participant, with_evidence):
    require_evidence(participant)
    client.force_login(participant.user)
    assert 'name="remove_evidence"' not in client.get(edit_url(with_evidence)).content.decode()
    assert client.post(edit_url(with_evidence), form(hours="2")).status_code == 302
    with pytest.raises(HourEntryError) as refused:
        services.hour_entry_update(
            entry=HourEntry.objects.get(pk=with_evidence.pk),
            participant=participant,
            date=TODAY,
            hours=Decimal("2"),
            kind="support_group",
            reflection=REFLECTION,
            remove_evidence=True,
            today=TODAY,
        )
    assert refused.value.code == "evidence_required"
    with_evidence.refresh_from_db()
    assert with_evidence.evidence


# --- Data rights -----------------------------------------------------------------------


def test_the_export_holds_the_document_named_in_the_entry(participant, with_evidence, log):
    log(date=TODAY - datetime.timedelta(days=1))  # without a document
    archive = zipfile.ZipFile(io.BytesIO(data_rights.export_archive(participant.user)))
    entries = json.loads(archive.read("hours.json"))
    names = [row["document"] for row in entries]
    assert names[0] == "" and names[1].startswith("document-2026-05-10-") and names[1].endswith(".pdf")
    assert archive.read(f"files/hours/{names[1]}") == PDF
    assert [n for n in archive.namelist() if n.startswith("files/hours/")] == [f"files/hours/{names[1]}"]


def test_erasure_deletes_the_documents_after_the_commit_and_keeps_anothers(
    settings, participant, other_participant, with_evidence, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        someone_else = services.hour_entry_submit(
            participant=other_participant,
            requirement=self_care(other_participant),
            date=TODAY,
            hours=Decimal("1"),
            kind="other",
            reflection="Theirs",
            evidence=upload(),
            today=TODAY,
        )
    before = stored_files(settings.MEDIA_ROOT)
    assert before == {with_evidence.evidence.name, someone_else.evidence.name}

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=participant.user)
        assert stored_files(settings.MEDIA_ROOT) == before  # nothing goes before the erasure commits

    assert stored_files(settings.MEDIA_ROOT) == {someone_else.evidence.name}
