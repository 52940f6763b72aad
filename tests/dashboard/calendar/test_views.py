"""The "My calendar" page: the address is made by a button, shown in full once, and a new
one (which ends the old) is asked for on a confirmation page first."""

import pytest
from django.urls import reverse

from accounts.models import CalendarFeed
from dashboard.calendar.views import NEW_LINK


@pytest.fixture
def signed_in(client, participant):
    client.force_login(participant.user)
    return client


def _make(client):
    response = client.post(reverse("calendar:link_new"))
    assert response.status_code == 302 and response["Location"] == reverse("calendar:index")
    return client.get(reverse("calendar:index")).content.decode()


def test_without_an_address_the_page_offers_to_make_one(signed_in):
    page = signed_in.get(reverse("calendar:index")).content.decode()
    assert "Make my calendar address" in page and "/calendar/feed/" not in page
    assert signed_in.get(reverse("calendar:reset_confirm"))["Location"] == reverse("calendar:index")


def test_the_address_is_shown_once_and_works(signed_in, client):
    page = _make(signed_in)
    start = page.index("http://testserver/calendar/feed/")
    url = page[start : page.index('"', start)]
    assert "shown only this once" in page and "Reset the link" in page
    assert "/calendar/feed/" not in signed_in.get(reverse("calendar:index")).content.decode()
    signed_in.logout()
    assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_the_token_waits_in_the_session_encrypted_only(signed_in, participant):
    signed_in.post(reverse("calendar:link_new"))
    kept = signed_in.session[NEW_LINK]
    assert CalendarFeed.objects.get(user=participant.user).token_hash not in kept
    assert len(kept) > 60  # a Fernet token, not the 43-character link token


def test_resetting_asks_first_then_ends_the_old_address(signed_in, client):
    first = _make(signed_in)
    confirm = signed_in.get(reverse("calendar:reset_confirm")).content.decode()
    assert "Make a new calendar address?" in confirm and "stops working at once" in confirm
    second = _make(signed_in)

    def path(page):
        start = page.index("/calendar/feed/")
        return page[start : page.index('"', start)]

    assert path(first) != path(second)
    assert signed_in.get(path(first)).status_code == 404
    assert signed_in.get(path(second)).status_code == 200


def test_a_get_cannot_make_an_address(signed_in, participant):
    assert signed_in.get(reverse("calendar:link_new")).status_code == 405
    assert not CalendarFeed.objects.filter(user=participant.user).exists()
