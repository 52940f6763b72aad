"""One-time links on the Messages page: an email verification or password reset message
stays while its link works, and leaves once the link was used or has expired."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.adapters import link_lifetime
from cpse.notify import services
from cpse.notify.models import Notification
from tests.factories import PASSWORD, UserFactory
from tests.queries import assert_queries_do_not_grow

MESSAGES = reverse("accounts:messages")
NEW_PASSWORD = "a-New-long-password-7"


def link(path_start: str, notification: Notification) -> str:
    return re.search(rf"https?://[^/]+({path_start}\S+)", notification.body).group(1)


def shown(client, notification: Notification) -> bool:
    return str(notification.subject) in client.get(MESSAGES).content.decode()


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks):
    """A person who signed up: the verification message, sent and kept for them."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "nadia@example.org", "display_name": "Nadia", "password1": PASSWORD, "password2": PASSWORD},
        )
    return Notification.objects.get(kind="email_confirmation_signup")


@pytest.fixture
def reset_requested(client, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": applicant.email})
    return Notification.objects.get(kind="password_reset_key", recipient=applicant)


@pytest.mark.django_db
def test_a_verification_message_stays_until_its_link_is_used(client, signed_up):
    person = signed_up.recipient
    assert person is not None and signed_up.status == Notification.Status.SENT
    assert signed_up.link_expires_at == pytest.approx(
        timezone.now() + link_lifetime("email_confirmation_signup"), abs=datetime.timedelta(minutes=1)
    )
    confirm = link("/accounts/confirm-email/", signed_up)
    client.force_login(person)
    assert shown(client, signed_up)  # fresh and unused: it stays, link and all
    assert confirm in client.get(MESSAGES).content.decode()

    client.post(confirm)
    assert person.emailaddress_set.get().verified
    assert not shown(client, signed_up)
    assert confirm not in client.get(MESSAGES).content.decode()


@pytest.mark.django_db
def test_a_verification_message_leaves_once_its_link_expired(client, signed_up, time_machine):
    # Signed in afresh each time: a session would have ended over three days.
    time_machine.move_to(signed_up.link_expires_at - datetime.timedelta(minutes=1))
    client.force_login(signed_up.recipient)
    assert shown(client, signed_up)
    time_machine.move_to(signed_up.link_expires_at + datetime.timedelta(seconds=1))
    client.force_login(signed_up.recipient)
    assert not shown(client, signed_up)
    # Only the message went from the page: the row waits for the usual retention purge.
    assert Notification.objects.filter(pk=signed_up.pk).exists()


@pytest.mark.django_db
def test_a_reset_message_stays_while_its_link_works(client, applicant, reset_requested):
    assert reset_requested.link_expires_at == pytest.approx(
        timezone.now() + link_lifetime("password_reset_key"), abs=datetime.timedelta(minutes=1)
    )
    client.force_login(applicant)  # (not a sign-in through the site: see below)
    assert shown(client, reset_requested)


@pytest.mark.django_db
def test_a_reset_message_leaves_once_the_password_was_reset(client, applicant, reset_requested):
    form_url = client.get(link("/accounts/password/reset/key/", reset_requested))["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    client.force_login(applicant)
    assert not shown(client, reset_requested)


@pytest.mark.django_db
def test_signing_in_ends_the_reset_messages_as_it_ends_their_links(client, applicant, reset_requested):
    client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    assert not shown(client, reset_requested)
    client.logout()
    # The link indeed no longer works: the reset page says so instead of asking for a password.
    response = client.get(link("/accounts/password/reset/key/", reset_requested))
    assert response.status_code == 200 and not response.has_header("Location")


@pytest.mark.django_db
def test_a_changed_password_ends_the_reset_messages_too(client, applicant, reset_requested):
    from allauth.account.adapter import get_adapter

    other = UserFactory()
    other_reset = services.notification_queue_rendered(
        kind="password_reset_key", key="account:other", recipient=other, to_email=other.email, subject="s", body="b"
    )
    get_adapter().set_password(applicant, NEW_PASSWORD)
    reset_requested.refresh_from_db()
    other_reset.refresh_from_db()
    assert reset_requested.link_expires_at <= timezone.now()
    assert other_reset.link_expires_at is None  # someone else's stays as it was


@pytest.mark.django_db
def test_marking_links_used_touches_only_that_persons_messages_of_those_kinds(applicant):
    def account_email(kind, key, who=applicant):
        return services.notification_queue_rendered(
            kind=kind,
            key=key,
            recipient=who,
            to_email=who.email,
            subject=kind,
            body="b",
            link_expires_at=timezone.now() + datetime.timedelta(days=3),
        )

    verification, reset = account_email("email_confirmation", "a"), account_email("password_reset_key", "b")
    assert services.notification_links_mark_used(recipient=applicant, kinds=["email_confirmation"]) == 1
    # A second time there is nothing left to mark.
    assert services.notification_links_mark_used(recipient=applicant, kinds=["email_confirmation"]) == 0
    verification.refresh_from_db()
    reset.refresh_from_db()
    assert verification.link_expires_at <= timezone.now() < reset.link_expires_at


@pytest.mark.django_db
def test_messages_without_a_one_time_link_stay(client, applicant, time_machine):
    message = services.notification_queue(kind="new_message", key="plain", recipient=applicant)
    services.notifications_sweep()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=30))
    client.force_login(applicant)
    message.refresh_from_db()
    assert message.link_expires_at is None and shown(client, message)


@pytest.mark.django_db
def test_invitation_links_go_to_an_address_never_to_someones_messages(client, applicant, program_staff):
    from mentorship.services import invitation_send

    invitation_send(email=applicant.email, background="Peer support", hourly_rate_cents=2500, by=program_staff)
    services.notifications_sweep()
    sent = Notification.objects.get(kind="mentor_invitation")
    assert sent.one_time_link and sent.recipient is None
    client.force_login(applicant)
    assert not shown(client, sent)


@pytest.mark.django_db
def test_an_expired_link_does_not_count_as_unread(applicant):
    kept = services.notification_queue_rendered(
        kind="password_reset_key",
        key="account:kept",
        recipient=applicant,
        to_email=applicant.email,
        subject="s",
        body="b",
        link_expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    Notification.objects.filter(pk=kept.pk).update(status=Notification.Status.IN_APP)
    assert services.inbox_unread_count(applicant) == 0


@pytest.mark.django_db
def test_the_messages_page_costs_the_same_with_3_or_30_messages(client, applicant):
    now = timezone.now()

    def add(start, count):
        for n in range(start, start + count):
            expires = [None, now + datetime.timedelta(days=1), now - datetime.timedelta(days=1)][n % 3]
            services.notification_queue_rendered(
                kind=["new_message", "email_confirmation", "password_reset_key"][n % 3],
                key=f"account:{n}",
                recipient=applicant,
                to_email=applicant.email,
                subject=f"Message {n}",
                body="b",
                link_expires_at=expires,
            )
        Notification.objects.update(status=Notification.Status.SENT)

    add(0, 3)
    client.force_login(applicant)
    assert_queries_do_not_grow(client, [MESSAGES], lambda: add(3, 27))
    page = client.get(MESSAGES).content.decode()
    # 20 of the 30 are shown (one page): the 10 whose link expired are not.
    assert page.count('class="h6 mb-1"') == 20
    assert ">Message 0<" in page and ">Message 1<" in page
    assert ">Message 2<" not in page and ">Message 29<" not in page
