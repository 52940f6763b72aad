"""The client's address behind the production proxy: rate limits (the project's and
allauth's) key on it. Behind a trusted proxy every client has its own bucket; without
one, a forged X-Forwarded-For changes nothing."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cpse.ratelimit import client_ip
from tests.factories import PASSWORD, UserFactory


def request_from(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, None, "10.0.0.9"),
        (0, "203.0.113.5", "10.0.0.9"),  # no trusted proxy: the header is anybody's
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the client wrote the left one
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.8", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.9"),  # fewer entries than proxies: not through them
        (1, None, "10.0.0.9"),
        (1, "", "10.0.0.9"),
        (1, "not-an-address", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_our_proxies_wrote(settings, trusted, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = trusted
    assert client_ip(request_from("10.0.0.9", forwarded)) == expected


LOCKED = "Too many failed login attempts"


def wrong_password(client, email: str, forwarded: str) -> str:
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "not-the-password"},
        REMOTE_ADDR="10.0.0.2",  # the proxy, for everyone
        HTTP_X_FORWARDED_FOR=forwarded,
    ).content.decode()


def sign_in(client, email: str, forwarded: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_behind_the_proxy_one_persons_wrong_passwords_lock_out_only_them(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
    someone = UserFactory(email="someone@example.org")
    for _ in range(11):
        wrong_password(client, "guess@example.org", forwarded="203.0.113.5")
    assert LOCKED in wrong_password(client, "guess@example.org", forwarded="203.0.113.5")
    # Another person behind the same proxy signs in.
    response = sign_in(client, someone.email, forwarded="198.51.100.7")
    assert response.status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_header_does_not_open_a_new_bucket(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
    for number in range(11):
        wrong_password(client, "guess@example.org", forwarded=f"203.0.113.{number}")
    assert LOCKED in wrong_password(client, "guess@example.org", forwarded="198.51.100.99")


@pytest.mark.django_db
def test_the_projects_own_limits_key_on_the_same_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("applications:interest")

    def send(forwarded: str) -> int:
        return client.post(url, {}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [send("203.0.113.5") for _ in range(11)][-1] == 429
    assert send("198.51.100.7") == 200  # the form again, with its errors: not limited
