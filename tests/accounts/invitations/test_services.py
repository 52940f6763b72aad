"""The life of a one-time invitation link, shared by the apps that invite (a sponsor's
member, a peer mentor): only a hash is stored, a link works once, and every link that
does not work gets the same answer."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from accounts.invitations import services
from cpse.errors import DomainError
from sponsors.models import SponsorInvitation
from tests.factories import SponsorFactory, UserFactory

pytestmark = pytest.mark.django_db


class Closed(DomainError):
    code = "closed"


def waiting(email="kim@example.org", **fields):
    token, token_hash = services.token_new()
    now = timezone.now()
    invitation = SponsorInvitation.objects.create(
        sponsor=SponsorFactory(),
        email=email,
        token_hash=token_hash,
        created_at=now,
        expires_at=now + datetime.timedelta(days=7),
        **fields,
    )
    return invitation, token


def test_only_the_hash_of_a_new_token_is_kept():
    token, token_hash = services.token_new()
    assert len(token) >= 40 and token not in token_hash
    assert token_hash == services.token_hash(token) and len(token_hash) == 64
    assert services.token_new()[0] != token


def test_a_waiting_link_is_found_by_its_token():
    invitation, token = waiting()
    assert services.invitation_waiting(SponsorInvitation.objects.all(), token, error=Closed) == invitation


@pytest.mark.parametrize("state", ["made_up", "expired", "cancelled", "accepted"])
def test_every_closed_link_gets_the_same_message(state):
    invitation, token = waiting()
    if state == "made_up":
        token = "not-a-real-token"
    elif state == "expired":
        SponsorInvitation.objects.update(expires_at=timezone.now())
    elif state == "cancelled":
        SponsorInvitation.objects.update(cancelled_at=timezone.now())
    elif state == "accepted":
        SponsorInvitation.objects.update(accepted_at=timezone.now())
    with pytest.raises(Closed) as error:
        services.invitation_waiting(SponsorInvitation.objects.all(), token, error=Closed)
    assert str(error.value) == str(services.LINK_CLOSED)


def test_a_claim_works_once_and_only_for_the_invited_address():
    invitation, _token = waiting(email="Kim@Example.org ")
    with pytest.raises(Closed) as error:
        services.invitation_claim(invitation, user=UserFactory(email="someone@example.org"), error=Closed)
    assert error.value.code == "wrong_email"
    kim = UserFactory(email="kim@example.org")
    services.invitation_claim(invitation, user=kim, error=Closed)
    invitation.refresh_from_db()
    assert invitation.accepted_by == kim and invitation.accepted_at is not None
    assert "accepted_at" in LogEntry.objects.get_for_object(invitation).latest("timestamp").changes_dict
    with pytest.raises(Closed) as again:
        services.invitation_claim(invitation, user=kim, error=Closed)
    assert str(again.value) == str(services.LINK_CLOSED)


def test_cancelling_touches_only_links_still_waiting():
    open_one, _ = waiting(email="a@example.org")
    used, _ = waiting(email="b@example.org", accepted_at=timezone.now())
    assert services.invitation_cancel_waiting(SponsorInvitation.objects.all()) == 1
    open_one.refresh_from_db(), used.refresh_from_db()
    assert open_one.cancelled_at is not None and used.cancelled_at is None
    assert services.invitation_cancel_waiting(SponsorInvitation.objects.all()) == 0
