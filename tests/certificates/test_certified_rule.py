"""One definition of "certified" (certificates.selectors): a certificate valid today, not
revoked, replaced or expired. The sponsor's view and impact summary, the mentorship
checks, the participant record and public verification all say what
`certified_participant_ids` says."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.selectors import certified_participant_ids, is_certified, user_is_certified, valid_certificates
from certificates.verification import State, certificate_state
from dashboard.record.selectors import record_overview
from mentorship import services as mentorship_services
from mentorship.selectors import invited_to_mentor, is_graduate
from sponsors.models import Consent
from sponsors.portal.selectors import impact_for_user, sponsored_participant_for_user
from tests.certificates.helpers import issued_certificate

DAY = datetime.timedelta(days=1)


def _valid(participant, today):
    issued_certificate(participant)


def _no_expiry(participant, today):
    issued_certificate(participant, expires_on=None)


def _expires_today(participant, today):
    issued_certificate(participant, expires_on=today)  # still valid on its last day


def _expired(participant, today):
    issued_certificate(participant, expires_on=today - DAY)


def _revoked(participant, today):
    issued_certificate(participant, status=Certificate.Status.REVOKED, revoked_at=timezone.now())


def _replaced(participant, today):
    issued_certificate(participant, status=Certificate.Status.REPLACED)  # the newer one was revoked since


def _reissued(participant, today):
    old = issued_certificate(participant, status=Certificate.Status.REPLACED)
    issued_certificate(participant, number="R3ISSU3DN3W1", replaces=old, displayed_name="Cora Park")


def _none(participant, today):
    pass


CASES = [
    (_valid, True),
    (_no_expiry, True),
    (_expires_today, True),
    (_expired, False),
    (_revoked, False),
    (_replaced, False),
    (_reissued, True),
    (_none, False),
]


@pytest.fixture
def today(time_machine):
    # Noon in the site's time zone: the local date cannot turn over during the test.
    time_machine.move_to(datetime.datetime(2027, 3, 15, 12, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)), tick=False)
    return timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "certified"), CASES, ids=[make.__name__.strip("_") for make, _ in CASES])
def test_every_place_says_what_the_one_rule_says(client, today, participant, sponsor, program_staff, make, certified):
    make(participant, today)
    Consent.objects.filter(participant=participant).update(certificate_status=True)

    # The rule itself, in its forms.
    assert (participant.pk in certified_participant_ids([participant.pk])) is certified
    assert is_certified(participant) is certified
    assert user_is_certified(participant.user) is certified
    # Public verification's state is the same rule, certificate by certificate.
    valid_ids = set(valid_certificates().values_list("pk", flat=True))
    for certificate in Certificate.objects.filter(participant=participant):
        assert (certificate_state(certificate) == State.VALID) is (certificate.pk in valid_ids)

    # Sponsors: the participant's page (the participant shares it) and the impact summary.
    shared, _paying = sponsored_participant_for_user(user=sponsor, public_id=participant.public_id)
    assert shared.certified is certified
    (impact,) = impact_for_user(sponsor)
    assert impact.certified == int(certified)
    client.force_login(sponsor)
    page = client.get(reverse("sponsors:participant", args=[participant.public_id])).content.decode()
    assert ("Holds a valid certificate" in page) is certified

    # Mentorship: a graduate may offer to mentor, and the certificate page invites them.
    assert is_graduate(participant.user) is certified
    assert invited_to_mentor(participant.user) is certified
    try:
        mentorship_services.volunteer_offer(user=participant.user, message="")
        offered = True
    except mentorship_services.MentorshipError as error:
        assert error.code == "not_graduate"
        offered = False
    assert offered is certified

    # The participant record (program staff).
    assert record_overview(participant).certified is certified
    client.force_login(program_staff)
    page = client.get(reverse("participant_record:record", args=[participant.public_id])).content.decode()
    if Certificate.objects.filter(participant=participant).exists():
        assert f'data-certified="{"yes" if certified else "no"}"' in page
    if make is _expired:
        assert "(Expired)" in page and "(Valid)" not in page
