"""Expiry and renewal pages: the credential's settings, the list of certificates to renew
(and its query count), one certificate's renewal form and history, and the participant's
summary partial."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from certificates.models import Certificate, Renewal
from certificates.renewal import services
from cpse.audit.models import AccessLogEntry
from tests.certificates.renewal.test_services import certificate, credential_with_validity
from tests.factories import cpse_credential
from tests.queries import assert_queries_do_not_grow

TODAY = datetime.date(2026, 5, 10)
LIST = reverse("certificates_renewal:expiring")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 12))


def settings_url(credential) -> str:
    return reverse("certificates_renewal:credential_settings", args=[credential.pk])


def renew_url(cert) -> str:
    return reverse("certificates_renewal:renew", args=[cert.public_id])


# --- The credential's settings -----------------------------------------------------------------


@pytest.mark.django_db
def test_staff_set_and_clear_the_validity_and_the_page_says_issued_certificates_stay(client, program_staff):
    credential = cpse_credential()
    client.force_login(program_staff)
    page = client.get(settings_url(credential)).content.decode()
    assert "never changes certificates already issued" in page
    assert "Now: certificates never expire." in page
    response = client.post(settings_url(credential), {"validity_months": "24", "renewal_hours": "10.5"}, follow=True)
    assert "are valid for 24 months" in response.content.decode()
    credential.refresh_from_db()
    assert (credential.validity_months, credential.renewal_hours) == (24, Decimal("10.5"))
    response = client.post(settings_url(credential), {"validity_months": "", "renewal_hours": ""}, follow=True)
    assert "issued from now on do not expire" in response.content.decode()
    credential.refresh_from_db()
    assert credential.validity_months is None and credential.renewal_hours is None


@pytest.mark.django_db
def test_staff_write_the_credentials_name_in_spanish_beside_its_settings(client, program_staff):
    credential = cpse_credential()
    client.force_login(program_staff)
    page = client.get(settings_url(credential)).content.decode()
    assert f"In English: “{credential.name}”" in page and 'name="name_es"' in page
    data = {"validity_months": "", "renewal_hours": "", "name_es": "Apoyo entre Pares Certificado"}
    assert client.post(settings_url(credential), data).status_code == 302
    credential.refresh_from_db()
    assert credential.name_es == "Apoyo entre Pares Certificado"
    assert 'value="Apoyo entre Pares Certificado"' in client.get(settings_url(credential)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"validity_months": "two years", "renewal_hours": ""}, "Please enter a whole number of months"),
        ({"validity_months": "0", "renewal_hours": ""}, "from 1 to 120"),
        ({"validity_months": "121", "renewal_hours": ""}, "from 1 to 120"),
        ({"validity_months": "24", "renewal_hours": "lots"}, "Please enter hours as a number"),
        ({"validity_months": "24", "renewal_hours": "-1"}, "in quarter hours"),
        ({"validity_months": "", "renewal_hours": "10"}, "Renewal hours need a validity period"),
    ],
)
def test_bad_settings_are_explained_and_kept(client, program_staff, data, message):
    credential = cpse_credential()
    client.force_login(program_staff)
    response = client.post(settings_url(credential), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    for value in data.values():
        if value:
            assert f'value="{value}"' in page
    credential.refresh_from_db()
    assert credential.validity_months is None


@pytest.mark.django_db
def test_unknown_credential_is_a_404_for_staff(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("certificates_renewal:credential_settings", args=[999999])).status_code == 404


# --- The list ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_expiring_and_recently_expired_soonest_first(client, program_staff, participant):
    credential_with_validity(24, "10")
    later = certificate(participant, expires_on=TODAY + datetime.timedelta(days=80))
    expired = certificate(expires_on=TODAY - datetime.timedelta(days=30))
    soon = certificate(expires_on=TODAY + datetime.timedelta(days=7))
    certificate(expires_on=TODAY + datetime.timedelta(days=91))  # not yet
    certificate(expires_on=TODAY - datetime.timedelta(days=366))  # too long ago
    certificate(expires_on=TODAY + datetime.timedelta(days=5), status=Certificate.Status.REVOKED)
    certificate(expires_on=None)
    Renewal.objects.create(
        certificate=later, hours=10, completed_on=datetime.date(2024, 5, 1), new_expires_on=later.expires_on
    )
    client.force_login(program_staff)
    response = client.get(LIST)
    rows = list(response.context["page_obj"].object_list)
    assert rows == [expired, soon, later]
    assert [(r.days_left, r.renewals_count) for r in rows] == [(-30, 0), (7, 0), (80, 1)]
    page = response.content.decode()
    assert later.displayed_name in page and later.number in page and "Expired" in page
    assert settings_url(cpse_credential()) in page


@pytest.mark.django_db
def test_the_list_has_a_kind_empty_state(client, program_staff):
    client.force_login(program_staff)
    assert "No certificates expire within 90 days" in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_3_or_30_certificates(client, program_staff):
    credential_with_validity(24, "10")

    def add(count):
        for n in range(count):
            cert = certificate(expires_on=TODAY + datetime.timedelta(days=n % 80))
            Renewal.objects.create(
                certificate=cert, hours=10, completed_on=datetime.date(2024, 5, 1), new_expires_on=cert.expires_on
            )

    add(3)
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [LIST], lambda: add(27))


# --- One certificate ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_record_a_renewal_and_see_the_history(client, program_staff, participant):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=datetime.date(2026, 6, 30))
    client.force_login(program_staff)
    page = client.get(renew_url(cert)).content.decode()
    assert "Record the renewal" in page and "at least 10 hours" in page
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user).exists()
    response = client.post(
        renew_url(cert), {"hours": "12", "completed_on": "2026-05-01", "notes": "Two courses"}, follow=True
    )
    page = response.content.decode()
    assert f"Certificate {cert.number} is now valid until June 30, 2028." in page
    assert "Two courses" in page
    cert.refresh_from_db()
    assert cert.expires_on == datetime.date(2028, 6, 30)
    # Sent again (a double click): refused, nothing changes.
    response = client.post(renew_url(cert), {"hours": "12", "completed_on": "2026-05-01", "notes": ""})
    assert "already recorded" in response.content.decode()
    assert Renewal.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "ten", "completed_on": "2026-05-01"}, "Please enter hours as a number"),
        ({"hours": "", "completed_on": "2026-05-01"}, "Please enter the hours completed."),
        ({"hours": "-3", "completed_on": "2026-05-01"}, "in quarter hours"),
        ({"hours": "9", "completed_on": "2026-05-01"}, "at least 10 continuing-education hours"),
        ({"hours": "12", "completed_on": "2026-05-11"}, "cannot be in the future"),
        ({"hours": "12", "completed_on": "yesterday"}, "Please enter a date"),
    ],
)
def test_bad_renewals_are_explained_next_to_the_field_and_kept(client, program_staff, participant, data, message):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=datetime.date(2026, 6, 30))
    client.force_login(program_staff)
    response = client.post(renew_url(cert), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{data["hours"]}"' in page or not data["hours"]
    assert not Renewal.objects.exists()


@pytest.mark.django_db
def test_a_revoked_certificate_shows_no_form_and_a_post_is_refused(client, program_staff, participant):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=datetime.date(2026, 6, 30), status=Certificate.Status.REVOKED)
    client.force_login(program_staff)
    page = client.get(renew_url(cert)).content.decode()
    assert "Only a valid certificate can be renewed." in page and "Record the renewal" not in page
    response = client.post(renew_url(cert), {"hours": "12", "completed_on": "2026-05-01"})
    assert "Only a valid certificate can be renewed." in response.content.decode()
    assert not Renewal.objects.exists()


@pytest.mark.django_db
def test_a_certificate_that_never_expires_needs_no_renewal(client, program_staff, participant):
    cert = certificate(participant, expires_on=None)
    client.force_login(program_staff)
    page = client.get(renew_url(cert)).content.decode()
    assert "does not expire, so it needs no renewal" in page
    response = client.post(renew_url(cert), {"hours": "12", "completed_on": "2026-05-01"})
    assert "does not expire, so it needs no renewal" in response.content.decode()


@pytest.mark.django_db
def test_unknown_certificate_is_a_404_for_staff(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("certificates_renewal:renew", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["participant", "instructor", "finance", "sponsor"])
def test_others_are_refused_even_for_a_real_certificate(client, persona_user, persona, participant):
    cert = certificate(participant, expires_on=datetime.date(2026, 6, 30))
    client.force_login(persona_user(persona))
    assert client.get(renew_url(cert)).status_code == 403
    assert client.post(renew_url(cert), {"hours": "12", "completed_on": "2026-05-01"}).status_code == 403
    assert client.get(settings_url(cpse_credential())).status_code == 403
    assert not Renewal.objects.exists()


# --- The participant's summary partial ----------------------------------------------------------


@pytest.mark.django_db
def test_the_summary_partial_shows_expiry_hours_and_renewals(participant, program_staff):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=datetime.date(2026, 6, 30))
    services.certificate_renew(
        certificate=cert, hours="12.5", completed_on=datetime.date(2026, 5, 1), notes="private", by=program_staff
    )
    html = render_to_string(
        "certificates/renewal/_summary.html", {"summary": services.renewal_summary(cert, today=TODAY)}
    )
    assert "Valid until" in html and "at least 10 hours" in html and "12.5" in html
    assert "private" not in html
    never = render_to_string(
        "certificates/renewal/_summary.html",
        {"summary": services.renewal_summary(certificate(expires_on=None), today=TODAY)},
    )
    assert "This certificate does not expire." in never
