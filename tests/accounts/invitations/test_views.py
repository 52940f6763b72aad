"""The pages behind an invitation link: one calm page for every link that does not work,
whichever app invited, and the way in for the invited address."""

import pytest
from django.urls import reverse

from accounts.invitations.views import CLOSED_TEMPLATE
from mentorship import services as mentorship_services
from sponsors.organisations import services as sponsor_services
from tests.factories import SponsorFactory, UserFactory

pytestmark = pytest.mark.django_db


def sponsor_link(token):
    return reverse("sponsors_public:invitation", args=[token])


def mentor_link(token):
    return reverse("mentorship:invitation", args=[token])


@pytest.mark.parametrize("link", [sponsor_link, mentor_link])
def test_a_made_up_link_gets_the_one_calm_page(client, link):
    response = client.get(link("not-a-real-token"))
    assert response.status_code == 404
    assert CLOSED_TEMPLATE in [t.name for t in response.templates]
    assert b"This link does not work any more" in response.content


def test_a_used_link_reads_the_same_for_both_kinds(client, program_staff):
    sponsor = SponsorFactory(name="Open Door Fund")
    _i, sponsor_token = sponsor_services.invitation_send(sponsor=sponsor, email="s@example.org", by=program_staff)
    sponsor_services.invitation_accept(token=sponsor_token, user=UserFactory(email="s@example.org"))
    _m, mentor_token = mentorship_services.invitation_send(
        email="m@example.org", background="graduate", hourly_rate_cents=0, by=program_staff
    )
    mentorship_services.invitation_accept(token=mentor_token, user=UserFactory(email="m@example.org"))
    sponsor_page = client.get(sponsor_link(sponsor_token))
    mentor_page = client.get(mentor_link(mentor_token))
    assert sponsor_page.status_code == mentor_page.status_code == 404
    assert sponsor_page.context["message"] == mentor_page.context["message"]
    assert b"Open Door Fund" not in sponsor_page.content


def test_signed_out_accept_goes_to_sign_in_and_comes_back(client, program_staff):
    _i, token = sponsor_services.invitation_send(sponsor=SponsorFactory(), email="s@example.org", by=program_staff)
    page = sponsor_link(token)
    response = client.post(reverse("sponsors_public:invitation_accept", args=[token]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"] and token in response["Location"]
    assert client.get(page).context["login_url"].startswith(reverse("account_login"))


def test_too_many_attempts_are_slowed_down(client):
    responses = [client.get(sponsor_link(f"made-up-{n}")).status_code for n in range(31)]
    assert responses[:30] == [404] * 30 and responses[30] == 429
