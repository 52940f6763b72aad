"""The staff message log: who got what and when (never a body), and "send again"."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from cpse.notify import services
from cpse.notify.models import Notification
from tests.factories import UserFactory
from tests.queries import assert_queries_do_not_grow

LOG = reverse("notify_staff:log")


def sent(user=None, key="k", kind="new_message", **kwargs):
    notification = services.notification_queue(
        kind=kind, key=key, recipient=user, context={"path": "/my-program/"}, **kwargs
    )
    services.notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    return notification


@pytest.mark.django_db
def test_staff_see_who_got_what_and_when_but_never_a_body(client, program_staff):
    person = UserFactory(display_name="Rowan Vale")
    sent(person, "a")
    link = services.notification_queue(
        kind="recommendation_request",
        key="rec",
        to_email="agency@example.org",
        context={"path": "/recommend/SECRET-TOKEN/", "expires": None},
    )
    client.force_login(program_staff)
    page = client.get(LOG).content.decode()
    assert "Rowan Vale" in page and person.email in page
    assert "agency@example.org" in page
    assert "You have a new message" in page and "New message" in page
    assert "new_message" not in page.split("<table", 1)[1]  # the kind in words, not its code
    assert "SECRET-TOKEN" not in page
    assert "Please sign in to read it" not in page  # no body at all
    assert "Private link: use its own page" in page
    assert reverse("notify_staff:resend", args=[link.pk]) not in page


def search(client, **filters) -> str:
    """Post the filters as the page's form does; the URL of the log it sends back to."""
    response = client.post(LOG, {"person": "", "kind": "", "status": "", **filters})
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
def test_filters_by_person_kind_and_status(client, program_staff):
    rowan, sky = UserFactory(display_name="Rowan Vale"), UserFactory(display_name="Sky Ortiz")
    sent(rowan, "a")
    sent(sky, "b", kind="session_reminder")
    client.force_login(program_staff)
    page = client.get(search(client, person="rowan")).content.decode()
    assert "Rowan Vale" in page and "Sky Ortiz" not in page
    assert 'value="rowan"' in page  # the search box shows what was typed
    page = client.get(search(client, person="ortiz", kind="session_reminder")).content.decode()
    assert "Sky Ortiz" in page and "Rowan Vale" not in page
    page = client.get(LOG, {"kind": "session_reminder"}).content.decode()
    assert "Sky Ortiz" in page and "Rowan Vale" not in page
    assert "No messages match." in client.get(LOG, {"status": "failed"}).content.decode()
    # An unknown choice is ignored (the whole log), not an error page.
    assert client.get(LOG, {"status": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_a_name_or_email_searched_for_never_reaches_a_url(client, program_staff):
    rowan = UserFactory(display_name="Rowan Vale", email="rowan.vale@example.org")
    sky = UserFactory(display_name="Sky Ortiz")
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="new_message", key=f"{person.pk}-{n}", language="en", subject="S", body="b")
        for person, count in ((rowan, 55), (sky, 1))
        for n in range(count)
    )
    client.force_login(program_staff)
    for term in ("Rowan Vale", "rowan.vale@example.org"):
        url = search(client, person=term, status="pending")
        assert "rowan" not in url.lower() and "status=pending" in url
        page = client.get(url).content.decode()
        assert "Page 1 of 2" in page and "Sky Ortiz" not in page
        # The next page keeps the search (by its key) and the other filters.
        next_query = html.unescape(re.search(r'href="\?([^"]+)">Next', page).group(1))
        assert "rowan" not in next_query.lower() and "status=pending" in next_query
        page = client.get(f"{LOG}?{next_query}").content.decode()
        assert "Page 2 of 2" in page and "Sky Ortiz" not in page
    # A name in the query string is no search at all.
    assert "Sky Ortiz" in client.get(LOG, {"person": "rowan"}).content.decode()


@pytest.mark.django_db
def test_the_log_has_a_fixed_number_of_queries(client, program_staff):
    sent(UserFactory(), "first")
    client.force_login(program_staff)

    def grow():
        for n in range(5):
            sent(UserFactory(), f"more-{n}")
            sent(None, f"address-{n}", to_email=f"x{n}@example.org")

    assert_queries_do_not_grow(client, [LOG, search(client, status="sent", person="example")], grow)


@pytest.mark.django_db
def test_the_log_is_paginated(client, program_staff):
    person = UserFactory()
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="new_message", key=f"n{n}", language="en", subject="S", body="b")
        for n in range(55)
    )
    client.force_login(program_staff)
    assert "Page 1 of 2" in client.get(LOG).content.decode()
    assert "Page 2 of 2" in client.get(LOG, {"page": 2}).content.decode()


@pytest.mark.django_db
def test_send_again_asks_first_then_writes_a_new_message_with_a_new_key(client, program_staff):
    person = UserFactory()
    original = sent(person, "news:1")
    client.force_login(program_staff)
    url = reverse("notify_staff:resend", args=[original.pk])
    assert "Yes, send it again" in client.get(url).content.decode()
    assert Notification.objects.count() == 1  # asking changes nothing
    response = client.post(url)
    assert response["Location"] == LOG
    client.post(url)
    keys = sorted(Notification.objects.values_list("key", flat=True))
    assert keys == ["news:1", "news:1:resend:1", "news:1:resend:2"]
    copy = Notification.objects.get(key="news:1:resend:1")
    assert copy.resent_by == program_staff
    assert copy.subject == original.subject and copy.body == original.body
    services.notifications_sweep()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_message_with_a_one_time_link_is_never_sent_again(client, program_staff):
    link = services.notification_queue(
        kind="recommendation_request", key="rec", to_email="agency@example.org", context={"path": "/r/T/"}
    )
    services.notification_deliver(notification_id=link.pk)
    client.force_login(program_staff)
    url = reverse("notify_staff:resend", args=[link.pk])
    assert "cannot be sent again" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "cannot be sent again" in response.content.decode()
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_message_still_waiting_is_not_doubled(client, program_staff, applicant):
    waiting = services.notification_queue(kind="new_message", key="w", recipient=applicant)
    client.force_login(program_staff)
    response = client.post(reverse("notify_staff:resend", args=[waiting.pk]), follow=True)
    assert "still waiting to be sent" in response.content.decode()
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_others_may_not_see_the_log(client, instructor, participant):
    for person in (instructor, participant.user):
        client.force_login(person)
        assert client.get(LOG).status_code == 403


def test_every_kind_the_program_writes_has_words():
    """Each template pair in templates/notify/ is a kind; each has a label, so the log
    never shows a code. An unknown kind still reads as words."""
    from django.conf import settings

    from cpse.notify.kinds import KIND_LABELS, kind_label

    kinds = {
        path.name.removesuffix(".subject.txt")
        for path in (settings.BASE_DIR / "templates" / "notify").glob("*.subject.txt")
    }
    assert kinds and kinds <= set(KIND_LABELS)
    assert kind_label("application_news") == "News about an application"
    assert kind_label("some_new_kind") == "Some new kind"


@pytest.mark.django_db
def test_the_kind_filter_offers_kinds_in_words(client, program_staff):
    sent(UserFactory(), "a", kind="session_reminder")
    client.force_login(program_staff)
    page = client.get(LOG).content.decode()
    assert '<option value="session_reminder">Training session reminder</option>' in page
