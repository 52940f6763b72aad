"""Erasure keeps its word for files: the private folder is listed before and after, and
nothing the person uploaded or that was printed about them is left, while another
person's files stay. Deleting waits for the erasure to commit."""

import pytest
from django.core.files.base import ContentFile

from accounts.services import person_erase
from applications import services as application_services
from applications.models import Application
from certificates.rendering import certificate_render
from sponsors.money import rendering
from sponsors.money.services import invoice_create_for_participant
from tests.certificates.pdf_support import certificate_for, private_media, stored_files  # noqa: F401
from tests.factories import ApplicationFactory
from tests.sponsors.money.factories import pay

PDF = b"%PDF-1.4\n%%EOF\n"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def _with_document(**fields) -> Application:
    application = ApplicationFactory(**fields)
    application.education_document.save("diploma.pdf", ContentFile(PDF))
    return application


def test_erasure_leaves_no_file_about_the_person(settings, program_staff, finance, django_capture_on_commit_callbacks):
    application = _with_document(status=Application.Status.INTERVIEWED)
    participant = application_services.application_decide(
        application=application, decision=Application.Status.ACCEPTED, by=program_staff
    ).applicant.participations.get()
    certificate_render(certificate=certificate_for(participant))
    invoice = invoice_create_for_participant(participant=participant, by=finance)
    rendering.invoice_pdf(invoice)
    rendering.receipt_pdf(pay(invoice, 10_000, finance))
    someone_else = _with_document().education_document.name
    before = stored_files(settings.MEDIA_ROOT)
    assert len(before) == 6  # document, certificate, wallet card, invoice, receipt; another's document

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=participant.user)
        assert stored_files(settings.MEDIA_ROOT) == before  # nothing goes before the erasure commits

    assert stored_files(settings.MEDIA_ROOT) == {someone_else}
