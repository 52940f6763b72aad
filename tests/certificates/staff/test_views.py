"""Program staff's certificate pages: the cohort page, issue, batches, revoke, reissue
and the graduation list (who may use them: tests/test_permission_matrix.py)."""

import datetime

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateBatch
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from tests.certificates.helpers import complete
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
COHORT_URL = reverse("certificates_staff:cohort")
GRADUATION_URL = reverse("certificates_staff:graduation")


def test_the_cohort_page_shows_eligible_missing_and_certified(
    staff_client, participant, other_participant, program_staff
):
    complete(participant)
    complete(other_participant, skip=("intensive",))
    url = f"{COHORT_URL}?cohort={participant.cohort.pk}"
    page = staff_client.get(url).content.decode()
    assert "1 participant can be certified now." in page
    assert reverse("certificates_staff:issue", args=[participant.public_id]) in page
    assert "In-person training intensive" in page
    certificate = services.certificate_issue(participant=participant, by=program_staff)
    page = staff_client.get(url).content.decode()
    assert certificate.number in page and "Issue all eligible" not in page


def test_the_cohort_page_opens_on_the_cohort_in_progress(staff_client, participant):
    assert staff_client.get(COHORT_URL).context["cohort"] == participant.cohort
    assert staff_client.get(f"{COHORT_URL}?cohort=nonsense").status_code == 200


def test_issue_one_from_the_page(staff_client, participant, no_rendering, django_capture_on_commit_callbacks):
    complete(participant)
    url = reverse("certificates_staff:issue", args=[participant.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert no_rendering == [certificate.pk]
    # A second click: a message, no second certificate.
    response = staff_client.post(url, follow=True)
    assert "already" in response.content.decode() and Certificate.objects.count() == 1


def test_issue_refused_names_what_is_missing(staff_client, participant):
    complete(participant, skip=("self_care",))
    response = staff_client.post(reverse("certificates_staff:issue", args=[participant.public_id]), follow=True)
    assert "Self-awareness and self-care" in response.content.decode()
    assert not Certificate.objects.exists()


def test_issue_all_eligible_and_the_batch_page(staff_client, participant, django_capture_on_commit_callbacks):
    complete(participant)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("certificates_staff:batch_start"),
            {"cohort": participant.cohort.pk, "previewed": [participant.public_id]},
        )
    batch = CertificateBatch.objects.get()
    assert response["Location"] == reverse("certificates_staff:batch", args=[batch.public_id])
    page = staff_client.get(response["Location"]).content.decode()
    assert "Done" in page and "hx-trigger" not in page
    assert Participant.objects.get(pk=participant.pk).status == Participant.Status.CERTIFIED


def test_a_running_batch_page_polls_its_progress(staff_client, participant, program_staff):
    batch = services.certificate_batch_start(
        cohort=participant.cohort, previewed=[participant.public_id], by=program_staff
    )
    page = staff_client.get(reverse("certificates_staff:batch", args=[batch.public_id])).content.decode()
    progress = reverse("certificates_staff:batch_progress", args=[batch.public_id])
    assert f'hx-get="{progress}"' in page and 'hx-trigger="every 2s"' in page
    assert staff_client.get(progress).status_code == 200


@pytest.fixture
def certificate(participant, program_staff):
    complete(participant)
    return services.certificate_issue(participant=participant, by=program_staff, today=datetime.date(2026, 10, 1))


def test_the_certificate_page_is_logged_as_a_look_at_the_persons_record(staff_client, certificate, program_staff):
    page = staff_client.get(reverse("certificates_staff:detail", args=[certificate.public_id])).content.decode()
    assert certificate.number in page and "Participant Cora" in page
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=certificate.participant.user).exists()


def test_revoke_asks_for_a_reason_then_revokes(staff_client, certificate):
    url = reverse("certificates_staff:revoke", args=[certificate.public_id])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"reason": "   "})
    assert response.status_code == 200 and "Please give the reason." in response.content.decode()
    response = staff_client.post(url, {"reason": "Issued in error"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    detail = staff_client.get(response["Location"]).content.decode()
    assert "Issued in error" in detail and "Revoke</a>" not in detail
    # Again: refused with a message, nothing changes.
    response = staff_client.post(url, {"reason": "Again"})
    assert "no longer valid" in response.content.decode()


def test_reissue_from_the_page(staff_client, certificate):
    response = staff_client.post(
        reverse("certificates_staff:reissue", args=[certificate.public_id]), {"reason": "Name"}
    )
    new = Certificate.objects.get(status=Certificate.Status.VALID)
    assert response["Location"] == reverse("certificates_staff:detail", args=[new.public_id])
    page = staff_client.get(response["Location"]).content.decode()
    assert certificate.number in page


def test_the_graduation_list_is_alphabetical_by_the_name_shown(staff_client, participant, program_staff):
    people = [participant] + [
        ParticipantFactory(cohort=participant.cohort, user__display_name=n) for n in ("Zoe", "amy")
    ]
    for person in people:
        complete(person)
        services.certificate_issue(participant=person, by=program_staff)
    response = staff_client.get(f"{GRADUATION_URL}?cohort={participant.cohort.pk}")
    names = [c.displayed_name for c in response.context["graduates"]]
    assert names == ["amy", "Participant Cora", "Zoe"]
    assert "3 graduates" in response.content.decode()


def test_the_graduation_list_opens_on_the_next_graduation(staff_client, participant):
    assert staff_client.get(GRADUATION_URL).context["cohort"] == participant.cohort


def _grow(cohort, program_staff, count):
    def grow():
        for index in range(count):
            person = ParticipantFactory(cohort=cohort)
            if index % 3 == 0:
                complete(person)
            if index % 3 == 1:
                complete(person)
                services.certificate_issue(participant=person, by=program_staff)

    return grow


def test_the_cohort_page_and_graduation_list_keep_their_query_count(staff_client, participant, program_staff):
    cohort = participant.cohort
    _grow(cohort, program_staff, 3)()
    assert_queries_do_not_grow(
        staff_client,
        [COHORT_URL, f"{COHORT_URL}?cohort={cohort.pk}", f"{GRADUATION_URL}?cohort={cohort.pk}"],
        _grow(cohort, program_staff, 27),
    )
