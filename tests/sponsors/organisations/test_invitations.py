"""Inviting a person to the sponsor portal: a one-time link (only its hash is stored),
accepted once, signed in with the invited address; two-step sign-in comes next."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cpse.notify.models import Notification
from sponsors.errors import InvitationError
from sponsors.models import SponsorInvitation, SponsorMember
from sponsors.organisations import services
from tests.factories import SponsorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return SponsorFactory(name="Open Door Fund")


def token_of(notification: Notification) -> str:
    return notification.body.split("/sponsor-invitation/")[1].split("/")[0]


def invite(client, organisation, email="new.person@example.org"):
    return client.post(reverse("sponsors_staff:invite", args=[organisation.public_id]), {"email": email})


def test_staff_invite_by_email_and_only_the_hash_is_stored(client, program_staff, organisation):
    client.force_login(program_staff)
    response = invite(client, organisation, "New.Person@Example.org")
    assert response.status_code == 302
    invitation = SponsorInvitation.objects.get()
    assert invitation.email == "new.person@example.org"
    notification = Notification.objects.get(kind="sponsor_invitation")
    token = token_of(notification)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert notification.to_email == "new.person@example.org"
    # The message names nobody and no organisation.
    assert "Open Door Fund" not in notification.subject + notification.body
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)
    html = client.get(reverse("sponsors_staff:detail", args=[organisation.public_id])).content.decode()
    assert "new.person@example.org" in html


def test_a_bad_email_is_shown_next_to_the_field(client, program_staff, organisation):
    client.force_login(program_staff)
    response = invite(client, organisation, "not an email")
    assert response.status_code == 200
    assert b"not an email" in response.content
    assert not SponsorInvitation.objects.exists()


def test_inviting_an_existing_member_is_refused(client, program_staff, organisation):
    member = SponsorMember.objects.create(sponsor=organisation, user=UserFactory(email="in@example.org"))
    client.force_login(program_staff)
    response = invite(client, organisation, member.user.email)
    assert response.status_code == 200
    assert b"already signs in" in response.content


def test_the_link_page_asks_to_sign_in_with_the_invited_address(client, organisation):
    _invitation, token = services.invitation_send(sponsor=organisation, email="new@example.org", by=None)
    response = client.get(reverse("sponsors_public:invitation", args=[token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open Door Fund" in html and "new@example.org" in html
    assert f"/accounts/login/?next=/sponsor-invitation/{token}/" in html
    assert f"/accounts/signup/?next=/sponsor-invitation/{token}/" in html
    # Accepting without signing in: sign in first.
    response = client.post(reverse("sponsors_public:invitation_accept", args=[token]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_accepting_makes_a_member_and_then_asks_for_two_step_sign_in(client, organisation):
    _invitation, token = services.invitation_send(sponsor=organisation, email="new@example.org", by=None)
    user = UserFactory(email="new@example.org")
    client.force_login(user)
    response = client.post(reverse("sponsors_public:invitation_accept", args=[token]))
    assert response["Location"] == reverse("sponsors:portal")
    assert SponsorMember.objects.filter(sponsor=organisation, user=user).exists()
    user.refresh_from_db()
    assert user.has_role(Role.SPONSOR)
    # The portal sends a sponsor without two-step sign-in to set it up.
    assert client.get(reverse("sponsors:portal"))["Location"] == reverse("mfa_activate_totp")
    # The link works once.
    with pytest.raises(InvitationError):
        services.invitation_accept(token=token, user=user)
    assert SponsorMember.objects.filter(user=user).count() == 1


def test_the_wrong_account_gets_a_clear_message(client, organisation, applicant):
    _invitation, token = services.invitation_send(sponsor=organisation, email="new@example.org", by=None)
    client.force_login(applicant)
    html = client.get(reverse("sponsors_public:invitation", args=[token])).content.decode()
    assert "You are signed in with another email address" in html
    response = client.post(reverse("sponsors_public:invitation_accept", args=[token]), follow=True)
    assert b"sent to another email address" in response.content
    assert not SponsorMember.objects.filter(user=applicant).exists()
    assert SponsorInvitation.objects.get().accepted_at is None


@pytest.mark.parametrize("state", ["made_up", "expired", "cancelled", "used", "replaced"])
def test_links_that_do_not_work_all_look_the_same(client, organisation, state):
    invitation, token = services.invitation_send(sponsor=organisation, email="new@example.org", by=None)
    if state == "made_up":
        token = "not-a-real-token"
    elif state == "expired":
        SponsorInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif state == "cancelled":
        services.invitation_cancel(invitation=invitation, by=None)
    elif state == "used":
        services.invitation_accept(token=token, user=UserFactory(email="new@example.org"))
    elif state == "replaced":
        services.invitation_resend(invitation=invitation, by=None)
    response = client.get(reverse("sponsors_public:invitation", args=[token]))
    assert response.status_code == 404
    assert b"This link does not work any more" in response.content
    assert b"Open Door Fund" not in response.content


def test_links_expire_after_the_configured_days(client, organisation, settings):
    settings.SPONSOR_INVITATION_DAYS = 2
    with time_machine.travel("2026-05-01 10:00Z", tick=False):
        _invitation, token = services.invitation_send(sponsor=organisation, email="new@example.org", by=None)
    with time_machine.travel("2026-05-02 10:00Z", tick=False):
        assert client.get(reverse("sponsors_public:invitation", args=[token])).status_code == 200
    with time_machine.travel("2026-05-03 10:01Z", tick=False):
        assert client.get(reverse("sponsors_public:invitation", args=[token])).status_code == 404


def test_staff_resend_and_cancel(client, program_staff, organisation):
    client.force_login(program_staff)
    invite(client, organisation)
    first = SponsorInvitation.objects.get()
    old_token = token_of(Notification.objects.get(kind="sponsor_invitation"))
    url = reverse("sponsors_staff:invitation_resend", args=[organisation.public_id])
    assert client.post(url, {"invitation": first.pk}).status_code == 302
    first.refresh_from_db()
    assert first.cancelled_at is not None
    second = SponsorInvitation.objects.exclude(pk=first.pk).get()
    assert client.get(reverse("sponsors_public:invitation", args=[old_token])).status_code == 404
    client.post(reverse("sponsors_staff:invitation_cancel", args=[organisation.public_id]), {"invitation": second.pk})
    second.refresh_from_db()
    assert second.cancelled_at is not None
    # Another organisation's invitation cannot be touched through this one.
    other = SponsorFactory()
    stranger, _token = services.invitation_send(sponsor=other, email="x@example.org", by=None)
    client.post(reverse("sponsors_staff:invitation_cancel", args=[organisation.public_id]), {"invitation": stranger.pk})
    stranger.refresh_from_db()
    assert stranger.cancelled_at is None


def test_finance_may_look_but_not_invite(client, finance, organisation):
    client.force_login(finance)
    page = client.get(reverse("sponsors_staff:detail", args=[organisation.public_id]))
    assert page.status_code == 200 and b"Invite someone" not in page.content
    assert invite(client, organisation).status_code == 403
