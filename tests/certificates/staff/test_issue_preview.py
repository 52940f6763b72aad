"""Issuing asks first (issue #26): the confirmation pages show the name each certificate
will print (the legal name only when chosen and recorded, else the bare display name) and
issue nothing until confirmed; the batch page lists who received one; finished times read
with their zone ("12:56 a.m. (America/New York time)", never "a.m.."); the certificate page
opens the PDF, for program staff only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateBatch, CertificateName
from cohorts import services as cohort_services
from cohorts.models import Participant
from tests.certificates.helpers import complete
from tests.certificates.pdf_support import private_media  # noqa: F401
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_named(participant):
    """`participant` chose her legal name, which is on her account."""
    participant.user.legal_name = "Cora Lee Prentiss"
    participant.user.save(update_fields=["legal_name"])
    CertificateName.objects.create(participant=participant, use=CertificateName.Use.LEGAL)
    return participant


def issue_url(participant) -> str:
    return reverse("certificates_staff:issue", args=[participant.public_id])


def batch_confirm_url(cohort) -> str:
    return f"{reverse('certificates_staff:batch_start')}?cohort={cohort.pk}"


def test_issuing_one_shows_the_chosen_legal_name_and_issues_only_when_confirmed(
    staff_client, legal_named, no_rendering
):
    complete(legal_named)
    page = staff_client.get(issue_url(legal_named)).content.decode()
    assert "Cora Lee Prentiss" in page and "My legal name" in page
    assert 'method="post"' in page
    assert not Certificate.objects.exists() and no_rendering == []
    staff_client.post(issue_url(legal_named))
    assert Certificate.objects.get().displayed_name == "Cora Lee Prentiss"


def test_someone_who_never_chose_prints_her_bare_display_name(staff_client, participant):
    complete(participant)
    participant.user.legal_name = "Cora Lee Prentiss"
    participant.user.save(update_fields=["legal_name"])
    response = staff_client.get(issue_url(participant))
    preview = response.context["preview"]
    assert (preview.name, preview.choice) == ("Participant Cora", None)
    page = response.content.decode()
    assert "Not chosen: the name they use" in page and "Cora Lee Prentiss" not in page


def test_the_issue_page_of_someone_not_eligible_says_what_is_missing_and_offers_no_button(staff_client, participant):
    complete(participant, skip=("self_care",))
    page = staff_client.get(issue_url(participant)).content.decode()
    assert "Self-awareness and self-care" in page and "Yes, issue the certificate" not in page


def test_the_cohort_page_links_to_the_confirmations_and_issues_nothing(staff_client, participant):
    complete(participant)
    page = staff_client.get(f"{reverse('certificates_staff:cohort')}?cohort={participant.cohort.pk}").content.decode()
    assert f'href="{issue_url(participant)}"' in page
    assert f'href="{batch_confirm_url(participant.cohort)}"' in page
    assert not Certificate.objects.exists()


def test_issuing_all_lists_each_eligible_person_with_the_name_that_will_print(
    staff_client, legal_named, other_participant, program_staff, django_capture_on_commit_callbacks
):
    complete(legal_named)
    complete(other_participant)
    not_ready = ParticipantFactory(cohort=legal_named.cohort, user__display_name="Not Ready Nell")
    complete(not_ready, skip=("practicum",))
    response = staff_client.get(batch_confirm_url(legal_named.cohort))
    names = [(str(preview.participant.user), preview.name) for preview in response.context["previews"]]
    assert names == [("Participant Cora", "Cora Lee Prentiss"), ("Participant Dee", "Participant Dee")]
    page = response.content.decode()
    assert "2 participants of the 2026 cohort will receive a certificate." in page
    assert "Not Ready Nell" not in page
    assert not CertificateBatch.objects.exists() and not Certificate.objects.exists()
    # The button sends back exactly the people shown.
    for preview in response.context["previews"]:
        assert f'<input type="hidden" name="previewed" value="{preview.participant.public_id}">' in page
    assert page.count('name="previewed"') == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("certificates_staff:batch_start"),
            {"cohort": legal_named.cohort.pk, "previewed": [legal_named.public_id, other_participant.public_id]},
        )
    batch = CertificateBatch.objects.get()
    assert response["Location"] == reverse("certificates_staff:batch", args=[batch.public_id])
    assert set(Certificate.objects.values_list("displayed_name", flat=True)) == {"Cora Lee Prentiss", "Participant Dee"}


def _confirm(staff_client, cohort, previewed, **kwargs):
    return staff_client.post(
        reverse("certificates_staff:batch_start"), {"cohort": cohort.pk, "previewed": previewed}, **kwargs
    )


def test_the_confirmation_issues_only_the_list_previewed(
    staff_client, participant, other_participant, program_staff, django_capture_on_commit_callbacks
):
    """Between the preview and the click, one person previewed goes on leave and another
    finishes: the first is skipped and named on the batch page, the second is not issued."""
    complete(participant)
    complete(other_participant)
    page = staff_client.get(batch_confirm_url(participant.cohort))
    previewed = [preview.participant.public_id for preview in page.context["previews"]]
    assert set(previewed) == {participant.public_id, other_participant.public_id}
    latecomer = complete(ParticipantFactory(cohort=participant.cohort, user__display_name="Late Lou"))
    cohort_services.participant_leave(participant=other_participant, by=program_staff, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(staff_client, participant.cohort, previewed)
    batch = CertificateBatch.objects.get()
    assert [certificate.participant for certificate in Certificate.objects.all()] == [participant]
    assert not Certificate.objects.filter(participant=latecomer).exists()
    page = staff_client.get(response["Location"])
    assert list(page.context["not_issued"]) == [other_participant]
    html = page.content.decode()
    assert "On the list but not issued" in html
    assert f'href="{issue_url(other_participant)}">Participant Dee</a>' in html
    assert "Late Lou" not in html
    assert (batch.total, batch.issued, batch.skipped) == (2, 1, 1)


def test_a_confirmation_without_its_list_or_with_a_wrong_one_shows_the_list_again(
    staff_client, participant, other_participant
):
    complete(participant)
    elsewhere = ParticipantFactory(cohort__year=2027)
    cases = {
        "Nobody was on the list to confirm.": [],
        "The list could not be read.": ["not-an-id"],
        "The list no longer matches the 2026 cohort.": [participant.public_id, elsewhere.public_id],
    }
    for message, previewed in cases.items():
        response = _confirm(staff_client, participant.cohort, previewed, follow=True)
        assert response.redirect_chain[-1][0] == batch_confirm_url(participant.cohort), message
        html = response.content.decode()
        assert message in html and "Yes, issue these certificates" in html
    assert not CertificateBatch.objects.exists() and not Certificate.objects.exists()
    # No cohort at all: back to the cohort page.
    response = staff_client.post(reverse("certificates_staff:batch_start"), {"previewed": [participant.public_id]})
    assert response["Location"] == reverse("certificates_staff:cohort")


def test_the_confirmation_without_a_cohort_goes_back_to_the_cohort_page(staff_client):
    response = staff_client.get(reverse("certificates_staff:batch_start"))
    assert response.status_code == 302 and response["Location"] == reverse("certificates_staff:cohort")


def test_the_batch_page_lists_who_received_a_certificate(
    staff_client, legal_named, other_participant, program_staff, django_capture_on_commit_callbacks
):
    complete(legal_named)
    complete(other_participant)
    # Issued on its own before the batch: not one of the batch's.
    alone = services.certificate_issue(participant=other_participant, by=program_staff)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_start(
            cohort=legal_named.cohort, previewed=[legal_named.public_id, other_participant.public_id], by=program_staff
        )
    (mine,) = Certificate.objects.filter(batch=batch)
    response = staff_client.get(reverse("certificates_staff:batch", args=[batch.public_id]))
    assert list(response.context["recipients"]) == [mine]
    page = response.content.decode()
    assert "Who received a certificate" in page
    assert "Cora Lee Prentiss" in page and mine.number in page
    assert reverse("certificates_staff:detail", args=[mine.public_id]) in page
    assert alone.number not in page


def test_the_batch_page_keeps_its_query_count(staff_client, participant, program_staff):
    cohort = participant.cohort
    batch = CertificateBatch.objects.create(
        cohort=cohort, requested_by=program_staff, status=CertificateBatch.Status.DONE, finished_at=timezone.now()
    )

    def grow(count):
        def run():
            for _ in range(count):
                person = complete(ParticipantFactory(cohort=cohort))
                services.certificate_issue(participant=person, by=program_staff, batch=batch)
                # And one previewed who was not issued: named on the page.
                batch.previewed.add(person, ParticipantFactory(cohort=cohort))

        return run

    grow(3)()
    urls = [
        reverse("certificates_staff:batch", args=[batch.public_id]),
        reverse("certificates_staff:batch_progress", args=[batch.public_id]),
        batch_confirm_url(cohort),
    ]
    for person in ParticipantFactory.create_batch(3, cohort=cohort):
        complete(person)
    assert_queries_do_not_grow(staff_client, urls, grow(27))


def test_a_finished_time_reads_with_its_zone_and_one_period(staff_client, participant, program_staff):
    # 12:56 a.m. in the site's zone: "P" prints "a.m.", and the sentence adds its own period.
    finished = timezone.make_aware(datetime.datetime(2026, 10, 2, 0, 56))
    batch = CertificateBatch.objects.create(
        cohort=participant.cohort, requested_by=program_staff, status=CertificateBatch.Status.DONE, finished_at=finished
    )
    page = staff_client.get(reverse("certificates_staff:batch", args=[batch.public_id])).content.decode()
    assert "12:56 a.m. (America/New York time)." in page
    assert "a.m.." not in page


def test_the_certificate_page_opens_the_pdf_for_program_staff_only(
    staff_client,
    client,
    participant,
    program_staff,
    instructor,
    finance,
    sponsor,
    private_media,  # noqa: F811
):
    complete(participant)
    certificate = services.certificate_issue(participant=participant, by=program_staff)
    page = staff_client.get(reverse("certificates_staff:detail", args=[certificate.public_id])).content.decode()
    pdf = reverse("certificates:certificate_pdf", args=[certificate.public_id])
    assert f'href="{pdf}"' in page
    response = staff_client.get(pdf)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    for someone in (instructor, finance, sponsor):
        client.force_login(someone)
        assert client.get(pdf).status_code == 404, someone
    assert Participant.objects.get(pk=participant.pk).status == Participant.Status.CERTIFIED
