"""Continuing-education pages: the graduate logs, changes and deletes her hours (and her
document), staff's queue (filters, pagination, query count), approving and returning,
and the approved hours showing on both sides of the renewal."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.continuing_education import services
from certificates.models import ContinuingEducation, Renewal
from certificates.renewal.services import expiry_reminders_send
from cpse.audit.models import AccessLogEntry
from cpse.notify.models import Notification
from tests.certificates.renewal.test_services import certificate, credential_with_validity
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow

TODAY = datetime.date(2026, 5, 10)
EXPIRY = datetime.date(2026, 6, 30)
PDF = b"%PDF-1.4 attendance"
MINE = reverse("continuing_education:mine")
CREATE = reverse("continuing_education:create")
QUEUE = reverse("continuing_education:queue")
S = ContinuingEducation.Status


@pytest.fixture(autouse=True)
def _today(time_machine, settings, tmp_path):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 12))
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cert(participant):
    credential_with_validity(24, "10")
    return certificate(participant, expires_on=EXPIRY)


def entry(cert, *, hours="4", completed_on=datetime.date(2026, 4, 1), status=S.SUBMITTED, **fields):
    return ContinuingEducation.objects.create(
        certificate=cert,
        activity=fields.pop("activity", "Trauma-informed care workshop"),
        provider=fields.pop("provider", "State coalition"),
        completed_on=completed_on,
        hours=Decimal(hours),
        status=status,
        **fields,
    )


def url(name, item) -> str:
    return reverse(f"continuing_education:{name}", args=[item.public_id])


# --- The graduate's pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_renewal_rule_the_page_says_so_kindly(client, participant):
    credential_with_validity(24, None)
    certificate(participant, expires_on=EXPIRY)
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "does not ask for continuing education" in page
    assert client.get(CREATE).status_code == 404


@pytest.mark.django_db
def test_the_graduate_logs_hours_with_a_document_and_sees_them_wait(client, cert):
    client.force_login(cert.participant.user)
    page = client.get(MINE).content.decode()
    assert "You have not logged any continuing education yet." in page
    assert "0 of 10 hours approved" in page
    data = {"activity": "Peer support ethics", "provider": "Coalition", "completed_on": "2026-04-20", "hours": "3.5"}
    response = client.post(CREATE, {**data, "evidence": SimpleUploadedFile("mine.pdf", PDF)}, follow=True)
    assert "Your hours are logged and wait for review." in response.content.decode()
    logged = ContinuingEducation.objects.get()
    assert (logged.status, logged.hours, logged.certificate_id) == (S.SUBMITTED, Decimal("3.5"), cert.pk)
    assert "mine" not in logged.evidence.name
    download = client.get(url("evidence", logged))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours": "0.1"}, "in quarter hours"),
        ({"hours": "ten"}, "Please enter hours as a number"),
        ({"completed_on": "2026-05-11"}, "cannot be in the future"),
        ({"activity": ""}, "Please name the activity."),
        ({"evidence": SimpleUploadedFile("fake.pdf", b"not a pdf")}, "does not look like a PDF file"),
    ],
)
def test_bad_input_is_explained_and_kept(client, cert, changes, message):
    client.force_login(cert.participant.user)
    data = {"activity": "Peer support ethics", "provider": "Coalition", "completed_on": "2026-04-20", "hours": "3"}
    response = client.post(CREATE, {**data, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Coalition"' in page
    assert not ContinuingEducation.objects.exists()


@pytest.mark.django_db
def test_a_returned_entry_is_changed_and_sent_again(client, cert, program_staff):
    item = entry(cert)
    services.continuing_education_return(entry=item, by=program_staff, reason="Please add the provider's full name.")
    client.force_login(cert.participant.user)
    assert "Please add the provider&#x27;s full name." in client.get(MINE).content.decode()
    form = client.get(url("edit", item)).content.decode()
    assert "Please add the provider&#x27;s full name." in form
    data = {"activity": "Workshop", "provider": "State coalition of survivors", "completed_on": "2026-04-01"}
    response = client.post(url("edit", item), {**data, "hours": "4"}, follow=True)
    assert "Your changes are saved and wait for review." in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.provider) == (S.SUBMITTED, "State coalition of survivors")


@pytest.mark.django_db
def test_an_approved_entry_cannot_be_changed_or_deleted(client, cert):
    item = entry(cert, status=S.APPROVED)
    client.force_login(cert.participant.user)
    for name in ("edit", "delete"):
        response = client.get(url(name, item), follow=True)
        assert response.redirect_chain[-1][0] == MINE
    client.post(url("delete", item))
    assert ContinuingEducation.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_delete_asks_first_and_a_second_click_is_told_calmly(client, cert):
    item = entry(cert)
    client.force_login(cert.participant.user)
    assert "Delete these hours?" in client.get(url("delete", item)).content.decode()
    assert ContinuingEducation.objects.filter(pk=item.pk).exists()
    response = client.post(url("delete", item), follow=True)
    assert "are deleted" in response.content.decode()
    assert not ContinuingEducation.objects.exists()
    response = client.post(url("delete", item), follow=True)
    assert response.status_code == 200 and "already deleted" in response.content.decode()


@pytest.mark.django_db
def test_someone_elses_entry_and_document_are_hidden(client, cert, other_participant):
    item = entry(cert, evidence=SimpleUploadedFile("a.pdf", PDF))
    client.force_login(other_participant.user)
    for name in ("edit", "delete", "evidence"):
        assert client.get(url(name, item)).status_code == 404, name
    assert client.post(url("delete", item)).status_code == 404
    assert ContinuingEducation.objects.filter(pk=item.pk).exists()


# --- Staff ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_approve_from_the_queue_and_the_graduate_sees_the_hours_count(client, cert, program_staff):
    first = entry(cert, hours="6", activity="Ethics refresher")
    second = entry(cert, hours="4", completed_on=datetime.date(2026, 4, 2))
    client.force_login(program_staff)
    page = client.get(QUEUE).content.decode()
    assert "2 entries" in page and str(cert.participant.user) in page
    # The activity is on the entry's page, not in the queue.
    assert "Ethics refresher" not in page
    for item in (first, second):
        client.post(url("approve", item), {"next": QUEUE})
    assert "No continuing education is waiting for review." in client.get(QUEUE).content.decode()
    renew_page = client.get(reverse("certificates_renewal:renew", args=[cert.public_id])).content.decode()
    assert "10 of 10 hours approved" in renew_page and "Renew from approved hours" in renew_page
    response = client.post(
        reverse("certificates_renewal:renew", args=[cert.public_id]), {"from_approved": "1"}, follow=True
    )
    assert "The renewal is recorded." in response.content.decode()
    assert Renewal.objects.get().hours == Decimal("10")
    client.force_login(cert.participant.user)
    page = client.get(MINE).content.decode()
    assert "0 of 10 hours approved" in page  # the next period starts afresh
    assert "does not count for the next renewal" in page


@pytest.mark.django_db
def test_the_graduate_sees_when_she_can_renew(client, cert):
    entry(cert, hours="10", status=S.APPROVED)
    client.force_login(cert.participant.user)
    page = client.get(MINE).content.decode()
    assert "10 of 10 hours approved" in page
    assert "the program team can renew the certificate now" in page
    assert f'href="{MINE}"' in client.get(reverse("certificates:mine")).content.decode()


@pytest.mark.django_db
def test_a_return_needs_a_reason_and_acts_once(client, cert, program_staff):
    item = entry(cert)
    client.force_login(program_staff)
    response = client.post(url("return", item), {"reason": ""}, follow=True)
    assert "Please write a reason" in response.content.decode()
    client.post(url("return", item), {"reason": "The date looks wrong."})
    response = client.post(url("return", item), {"reason": "Again"}, follow=True)
    assert "already returned" in response.content.decode()
    assert Notification.objects.filter(kind=services.RETURNED_KIND).count() == 1


@pytest.mark.django_db
def test_the_review_page_logs_the_view_and_serves_the_document(client, cert, program_staff):
    item = entry(cert, evidence=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nrest"))
    client.force_login(program_staff)
    page = client.get(url("review", item)).content.decode()
    assert "Trauma-informed care workshop" in page
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=cert.participant.user).exists()
    download = client.get(url("evidence", item))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert client.get(reverse("continuing_education:review", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.django_db
def test_the_queue_filters_by_status_and_credential(client, cert, program_staff):
    entry(cert, status=S.RETURNED, activity="Returned one")
    entry(cert)
    client.force_login(program_staff)
    assert "1 entry" in client.get(QUEUE).content.decode()
    page = client.get(QUEUE, {"status": "returned"}).content.decode()
    assert "1 entry" in page and "Clear filters" in page and "Returned" in page
    page = client.get(QUEUE, {"status": "approved"}).content.decode()
    assert "No continuing education matches this filter." in page
    assert "1 entry" in client.get(QUEUE, {"credential": cert.credential_id}).content.decode()
    # A nonsense filter falls back to the waiting entries.
    assert client.get(QUEUE, {"status": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_the_queue_is_paginated(client, cert, program_staff):
    from certificates.continuing_education.views import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        entry(cert)
    client.force_login(program_staff)
    assert "Page 1 of 2" in client.get(QUEUE).content.decode()
    assert "Page 2 of 2" in client.get(QUEUE, {"page": 2}).content.decode()


@pytest.mark.django_db
def test_the_pages_cost_the_same_queries_for_3_or_30_entries(client, program_staff, cohort):
    credential_with_validity(24, "10")
    certificates = [certificate(ParticipantFactory(cohort=cohort), expires_on=EXPIRY) for _ in range(3)]
    for cert in certificates:
        entry(cert)
    client.force_login(program_staff)

    def grow():
        for _ in range(9):
            for cert in certificates:
                entry(cert, evidence=SimpleUploadedFile("a.pdf", PDF))

    assert_queries_do_not_grow(
        client, [QUEUE, f"{QUEUE}?status=submitted&credential={certificates[0].credential_id}"], grow
    )
    client.force_login(certificates[0].participant.user)
    assert_queries_do_not_grow(client, [MINE], grow)


@pytest.mark.django_db
def test_expiry_reminders_point_to_the_continuing_education_page(cert):
    expiry_reminders_send(today=EXPIRY - datetime.timedelta(days=20))
    assert MINE in Notification.objects.get(recipient=cert.participant.user).body


@pytest.mark.django_db
def test_renewing_from_too_few_approved_hours_is_explained(client, cert, program_staff):
    entry(cert, hours="4", status=S.APPROVED)
    renew = reverse("certificates_renewal:renew", args=[cert.public_id])
    client.force_login(program_staff)
    page = client.get(renew).content.decode()
    assert "4 of 10 hours approved" in page and "Not enough approved hours count yet." in page
    response = client.post(renew, {"from_approved": "1"})
    assert response.status_code == 200
    assert "at least 10 continuing-education hours" in response.content.decode()
    assert not Renewal.objects.exists()
