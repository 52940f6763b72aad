"""The participant's certificate page and downloads: the name choice before issue, the
certificate after, and who may have the files."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate, CertificateName
from cpse.audit.models import AccessLogEntry
from tests.certificates.pdf_support import certificate_for, private_media  # noqa: F401
from tests.factories import ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

MINE = reverse("certificates:mine")


def pdf_url(certificate: Certificate, name: str = "certificate_pdf") -> str:
    return reverse(f"certificates:{name}", args=[certificate.public_id])


# --- Before issue: the name ----------------------------------------------------------------


def test_someone_without_a_participation_sees_a_calm_page(client, applicant):
    client.force_login(applicant)
    response = client.get(MINE)
    assert response.status_code == 200
    assert b"once you are a participant" in response.content
    assert client.post(MINE, {"use": "chosen"}).status_code == 404


def test_the_page_shows_both_names_so_the_person_sees_what_will_print(client, participant):
    participant.user.legal_name = "Cora Legal Name"
    participant.user.save()
    client.force_login(participant.user)
    content = client.get(MINE).content.decode()
    assert "Participant Cora" in content and "Cora Legal Name" in content


def test_without_a_legal_name_the_page_says_so_and_links_to_the_profile(client, participant):
    client.force_login(participant.user)
    content = client.get(MINE).content.decode()
    assert "no legal name on your account" in content.lower()
    assert reverse("accounts:profile") in content


def test_choosing_the_legal_name_is_saved_once(client, participant):
    participant.user.legal_name = "Cora Legal Name"
    participant.user.save()
    client.force_login(participant.user)
    assert client.post(MINE, {"use": "legal"}).status_code == 302
    assert client.post(MINE, {"use": "legal"}).status_code == 302
    assert CertificateName.objects.get(participant=participant).use == CertificateName.Use.LEGAL
    assert client.get(MINE).context["form"]["use"].value() == CertificateName.Use.LEGAL


def test_the_legal_name_cannot_be_chosen_without_one(client, participant):
    client.force_login(participant.user)
    response = client.post(MINE, {"use": "legal"})
    assert response.status_code == 200
    assert "has no legal name yet" in response.content.decode()
    assert not CertificateName.objects.exists()


@pytest.mark.parametrize("data", [{"use": "nickname"}, {}])
def test_a_bad_choice_gets_a_message(client, participant, data):
    client.force_login(participant.user)
    response = client.post(MINE, data)
    assert response.status_code == 200
    assert "Please choose one of the two names." in response.content.decode()
    assert not CertificateName.objects.exists()


# --- After issue -------------------------------------------------------------------------------


def test_after_issue_the_page_shows_the_certificate_and_its_links(client, participant):
    certificate = certificate_for(participant, expires_on=datetime.date(2029, 11, 20))
    client.force_login(participant.user)
    content = client.get(MINE).content.decode()
    assert certificate.number in content
    assert pdf_url(certificate) in content and pdf_url(certificate, "wallet_pdf") in content
    assert f"{settings.SITE_URL}/verify/" in content or certificate.number in content
    assert 'name="use"' not in content  # the name is chosen before issue only
    assert "data-copy-target" in content and "js/certificates.js" in content
    assert client.post(MINE, {"use": "chosen"}).status_code == 404


def test_the_badge_link_shows_only_where_its_page_exists(client, participant):
    from certificates.mine.views import badge_url

    certificate = certificate_for(participant)
    client.force_login(participant.user)
    url = badge_url(certificate)
    content = client.get(MINE).content.decode()
    assert ("Open Badges" in content) == (url is not None)


def test_a_revoked_certificate_says_so_calmly_and_offers_no_files(client, participant):
    certificate = certificate_for(participant, status=Certificate.Status.REVOKED)
    client.force_login(participant.user)
    content = client.get(MINE).content.decode()
    assert "has been revoked" in content
    assert pdf_url(certificate) not in content
    assert client.get(pdf_url(certificate)).status_code == 404


def test_a_replaced_certificate_links_to_the_new_one(client, participant):
    old = certificate_for(participant, status=Certificate.Status.REPLACED)
    new = certificate_for(participant, number="CPSE-TEST-0002-BBBB", replaces=old)
    client.force_login(participant.user)
    content = client.get(MINE).content.decode()
    assert f'href="#certificate-{new.public_id}"' in content
    assert pdf_url(old) not in content and pdf_url(new) in content


def test_the_page_costs_a_fixed_number_of_queries(client, participant):
    certificate_for(participant)
    client.force_login(participant.user)

    def grow():
        # A participant has few certificates: a replaced one and one from an earlier cohort.
        Certificate.objects.update(status=Certificate.Status.REPLACED)
        certificate_for(participant, number="CPSE-TEST-0002-BBBB", replaces=Certificate.objects.get())
        earlier = ParticipantFactory(user=participant.user, cohort__year=2025)
        certificate_for(earlier, number="CPSE-TEST-0003-CCCC", status=Certificate.Status.REVOKED)

    (count,) = assert_queries_do_not_grow(client, [MINE], grow)
    # All certificates with their credential, cohort and successor: one query; whether to
    # invite them to mentor (mentorship's `become_a_mentor` tag): one more. The session
    # and the signed-in person with their roles: two (accounts.backends).
    assert count == 5


# --- Downloads -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["certificate_pdf", "wallet_pdf"])
def test_the_owner_downloads_the_files_rendered_on_the_spot(client, participant, name):
    certificate = certificate_for(participant)
    client.force_login(participant.user)
    response = client.get(pdf_url(certificate, name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.wallet_pdf


def test_another_participant_gets_404_and_anonymous_the_sign_in_page(client, participant, other_participant):
    certificate = certificate_for(participant)
    client.force_login(other_participant.user)
    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(pdf_url(certificate, "wallet_pdf")).status_code == 404
    client.logout()
    response = client.get(pdf_url(certificate))
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_program_staff_download_and_it_is_logged(client, participant, program_staff, instructor):
    certificate = certificate_for(participant)
    client.force_login(instructor)
    assert client.get(pdf_url(certificate)).status_code == 404
    client.force_login(program_staff)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user).count() == 1


def test_the_stored_file_is_served_without_rendering_again(client, participant, monkeypatch):
    from certificates.mine import views
    from certificates.rendering import certificate_render

    certificate = certificate_render(certificate=certificate_for(participant))
    monkeypatch.setattr(views, "certificate_render", lambda **kwargs: pytest.fail("rendered again"))
    client.force_login(participant.user)
    assert client.get(pdf_url(certificate)).status_code == 200


def test_someone_with_no_certificate_sees_no_other_persons(client, participant):
    certificate_for(participant)
    stranger = UserFactory()
    client.force_login(stranger)
    assert b"CPSE-TEST-0001-AAAA" not in client.get(MINE).content


def test_the_page_before_issue_costs_a_fixed_number_of_queries(client, participant):
    client.force_login(participant.user)
    assert queries_for(client, MINE) == 6  # adds the name choice


def test_the_credential_is_named_in_the_readers_language(client, participant):
    certificate_for(participant)
    credential = participant.cohort.credential
    client.force_login(participant.user)
    note = "This has not been written in Spanish yet"
    page = client.get(MINE, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'lang="en">{credential.name}</h2>' in page  # no Spanish yet: the English, with the note
    credential.name_es = "Apoyo entre Pares Certificado"
    credential.save()
    page = client.get(MINE, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '"h4 mb-0 text-break">Apoyo entre Pares Certificado</h2>' in page
    english = client.get(MINE).content.decode()
    assert f'"h4 mb-0 text-break">{credential.name}</h2>' in english and note not in english
