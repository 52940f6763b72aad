"""The participant decides, per sponsor, what that sponsor may see: nothing by default,
each change time-stamped and logged, applied at once."""

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.services import user_activate_totp
from sponsors.consent import services
from sponsors.errors import SponsorError
from sponsors.models import Consent, ConsentChange, SponsorMember
from tests.conftest import TOTP_SECRET
from tests.factories import SponsorFactory, UserFactory
from tests.sponsors.factories import sponsor_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def paying(participant):
    """An organisation paying for `participant`, with nothing shared yet."""
    organisation = SponsorFactory(name="Harbor Light Donors")
    sponsor_participant(organisation, participant)
    return organisation


def _save(client, organisation, *names):
    prefix = f"s-{organisation.public_id}"
    return client.post(
        reverse("sponsors_consent:save", args=[organisation.public_id]), {f"{prefix}-{n}": "on" for n in names}
    )


def test_the_page_lists_each_paying_sponsor_with_nothing_shared_by_default(client, participant, paying):
    client.force_login(participant.user)
    response = client.get(reverse("sponsors_consent:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbor Light Donors" in html
    assert "checked" not in html
    assert "never shared" in html
    assert not Consent.objects.exists()


def test_a_participant_without_sponsors_sees_a_calm_empty_state(client, other_participant):
    client.force_login(other_participant.user)
    html = client.get(reverse("sponsors_consent:mine")).content.decode()
    assert "No sponsor is paying for your place" in html


def test_saving_grants_and_revokes_with_a_time_stamped_history(client, participant, paying):
    client.force_login(participant.user)
    with time_machine.travel("2026-05-01 10:00Z", tick=False):
        response = _save(client, paying, "progress_percentages", "certificate_status")
    assert response.status_code == 302 and response["Location"] == reverse("sponsors_consent:mine")
    consent = Consent.objects.get(participant=participant, sponsor=paying)
    assert consent.progress_percentages and consent.certificate_status
    assert not consent.requirement_completion and not consent.placement
    with time_machine.travel("2026-05-01 10:05Z", tick=False):
        _save(client, paying, "certificate_status")
    consent.refresh_from_db()
    assert not consent.progress_percentages and consent.certificate_status
    changes = list(ConsentChange.objects.order_by("changed_at", "field").values_list("field", "granted", "changed_by"))
    user = participant.user.pk
    assert changes == [
        ("certificate_status", True, user),
        ("progress_percentages", True, user),
        ("progress_percentages", False, user),
    ]
    assert ConsentChange.objects.filter(field="progress_percentages", granted=False).get().changed_at.minute == 5
    # The audit log has the field changes too (who, what, when).
    logged = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Consent), object_pk=str(consent.pk))
    assert logged.count() >= 2
    # The page shows the current choice.
    with time_machine.travel("2026-05-01 10:06Z", tick=False):
        html = client.get(reverse("sponsors_consent:mine")).content.decode()
    assert html.count("checked") == 1


def test_saving_the_same_choice_twice_adds_no_history(client, participant, paying):
    client.force_login(participant.user)
    _save(client, paying, "placement")
    _save(client, paying, "placement")
    assert ConsentChange.objects.count() == 1


def test_a_sponsor_that_does_not_pay_for_you_is_not_found(client, participant, other_participant):
    elsewhere = SponsorFactory()
    sponsor_participant(elsewhere, other_participant)
    client.force_login(participant.user)
    assert _save(client, elsewhere, "progress_percentages").status_code == 404
    assert not Consent.objects.exists()


def test_someone_without_a_participation_cannot_save(client, applicant, paying):
    client.force_login(applicant)
    assert _save(client, paying, "progress_percentages").status_code == 404


def test_an_unknown_field_is_refused_by_the_service(participant, paying):
    with pytest.raises(SponsorError):
        services.consent_set(participant=participant, sponsor=paying, choices={"checkins": True}, by=participant.user)


def test_a_grant_shows_in_the_portal_on_the_next_request(client, participant, paying):
    member = SponsorMember.objects.create(sponsor=paying, user=UserFactory(roles=["sponsor"]))
    user_activate_totp(user=member.user, secret=TOTP_SECRET)
    client.force_login(member.user)
    assert "has not chosen to share progress" in client.get(reverse("sponsors:portal")).content.decode()
    services.consent_set(
        participant=participant, sponsor=paying, choices={"certificate_status": True}, by=participant.user
    )
    assert "No valid certificate today" in client.get(reverse("sponsors:portal")).content.decode()


def test_the_participant_exports_and_erases_their_choices(participant, paying):
    from sponsors import data_rights

    services.consent_set(participant=participant, sponsor=paying, choices={"placement": True}, by=participant.user)
    exported = data_rights.export_consent(participant.user)
    assert exported[0]["sponsor"] == "Harbor Light Donors" and exported[0]["shares"] == ["placement"]
    assert exported[1]["field"] == "placement" and exported[1]["granted"] is True
    data_rights.erase_consent(participant.user)
    assert not Consent.objects.exists() and not ConsentChange.objects.exists()
    logged = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Consent)).exclude(
        action=LogEntry.Action.DELETE
    )
    assert logged.exists() and all(entry.changes in ({}, None) for entry in logged)


def test_the_page_offers_the_name_as_a_choice_of_its_own(client, participant, paying):
    client.force_login(participant.user)
    html = client.get(reverse("sponsors_consent:mine")).content.decode()
    prefix = f"s-{paying.public_id}"
    assert f'name="{prefix}-name"' in html and "My name" in html
    assert "sees you only as “a participant”" in html
    assert "checked" not in html  # off until she ticks it


def test_the_name_choice_is_recorded_like_the_others(client, participant, paying):
    client.force_login(participant.user)
    _save(client, paying, "name")
    consent = Consent.objects.get(participant=participant, sponsor=paying)
    assert consent.name and not consent.progress_percentages
    change = ConsentChange.objects.get()
    assert (change.field, change.granted, change.changed_by) == ("name", True, participant.user)
    logged = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Consent), object_pk=str(consent.pk))
    assert any("name" in (entry.changes or {}) for entry in logged)
    _save(client, paying)
    consent.refresh_from_db()
    assert not consent.name
    assert list(ConsentChange.objects.order_by("pk").values_list("field", "granted")) == [
        ("name", True),
        ("name", False),
    ]
