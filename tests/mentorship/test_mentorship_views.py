import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from mentorship.models import MentorMeeting, MentorPayment, Mentorship, MentorVolunteer
from tests.certificates.helpers import issued_certificate
from tests.mentorship.factories import MeetingFactory, MentorshipFactory, share_only

pytestmark = pytest.mark.django_db

SHARE_VALUES = {"progress": "percent", "placement": "Harbor Light Agency", "contact": "cora@example.org"}
SECRETS = (
    "How work goes: a private answer",
    "My private reflection",
    "Cora Legal-Surname",
    "Only call after six",
    "Staff concern text",
)


def _pages(client, mentorship):
    return "".join(
        client.get(url).content.decode()
        for url in (reverse("mentorship:portal"), reverse("mentorship:mentee", args=[mentorship.public_id]))
    )


def test_a_mentor_sees_nothing_the_mentee_does_not_share(client, mentor, mentee):
    client.force_login(mentor)
    html = _pages(client, mentee)
    assert "Participant Cora" in html
    for share, value in SHARE_VALUES.items():
        assert value not in html, share
        url = reverse("mentorship:mentee_shared", args=[mentee.public_id, share])
        assert client.get(url).status_code == 403
    assert "555-0101" not in html


@pytest.mark.parametrize("shared", ["progress", "placement", "contact"])
def test_each_share_shows_only_itself(client, mentor, mentee, shared):
    share_only(mentee, shared)
    client.force_login(mentor)
    html = _pages(client, mentee)
    for share, value in SHARE_VALUES.items():
        url = reverse("mentorship:mentee_shared", args=[mentee.public_id, share])
        response = client.get(url)
        if share == shared:
            assert value in html
            assert response.status_code == 200 and value in response.content.decode()
        else:
            assert value not in html, share
            assert response.status_code == 403


def test_what_is_never_shared_even_when_everything_is(client, mentor, mentee):
    share_only(mentee, "progress", "placement", "contact")
    client.force_login(mentor)
    html = _pages(client, mentee) + "".join(
        client.get(reverse("mentorship:mentee_shared", args=[mentee.public_id, share])).content.decode()
        for share in SHARE_VALUES
    )
    # Her safe way is email: the email shows, the phone does not (see the test per way below).
    assert "Harbor Light Agency" in html and "cora@example.org" in html and "555-0101" not in html
    for secret in SECRETS:
        assert secret not in html
    assert "Sam Supervisor" not in html  # the placement's supervisor is not the mentor's to know


# What each safe way shows the mentor: (phone shown, email shown), as on the staff's card.
SHOWN = {
    User.SafeContact.EMAIL: (False, True),
    User.SafeContact.PHONE: (True, False),
    User.SafeContact.TEXT: (True, False),
    User.SafeContact.NONE: (False, False),
}


@pytest.mark.parametrize("way", list(SHOWN))
def test_the_mentor_sees_the_contact_card_as_her_safe_way_allows(client, mentor, mentee, way):
    user = mentee.participant.user
    user.safe_contact = way
    user.save(update_fields=["safe_contact"])
    share_only(mentee, "contact")
    client.force_login(mentor)
    portal = client.get(reverse("mentorship:portal")).text
    contact_url = reverse("mentorship:mentee_shared", args=[mentee.public_id, "contact"])
    # The portal links to the card; it shows no contact details itself and logs nothing.
    assert f'href="{contact_url}"' in portal
    assert "cora@example.org" not in portal and "555-0101" not in portal
    assert not AccessLogEntry.objects.exists()
    phone_shown, email_shown = SHOWN[way]
    for url in (reverse("mentorship:mentee", args=[mentee.public_id]), contact_url):
        page = client.get(url).text
        card = page[page.index('<section id="contact"') :]
        card = card[: card.index("</section>")]
        assert f'data-contact-way="{way}"' in card and str(User.SafeContact(way).label) in card
        assert ("555-0101" in card) is phone_shown, url
        assert ("cora@example.org" in card) is email_shown, url
        assert "Only call after six" not in page  # her note stays with staff
        if not (phone_shown or email_shown):
            assert "please do not call, text or email them" in card
    kinds = list(
        AccessLogEntry.objects.filter(viewer=mentor, subject=user).order_by("pk").values_list("record_kind", flat=True)
    )
    contact, participant_record = AccessLogEntry.RecordKind.CONTACT, AccessLogEntry.RecordKind.PARTICIPANT
    assert kinds == [participant_record, contact, participant_record, contact]


def test_a_mentee_not_sharing_how_to_reach_her_shows_no_card_and_logs_no_contact(client, mentor, mentee):
    share_only(mentee, "progress")
    client.force_login(mentor)
    page = client.get(reverse("mentorship:mentee", args=[mentee.public_id])).text
    assert 'id="contact"' not in page and "cora@example.org" not in page
    assert not AccessLogEntry.objects.filter(record_kind=AccessLogEntry.RecordKind.CONTACT).exists()


def test_a_mentor_viewing_a_mentee_is_in_the_access_log(client, mentor, mentee):
    client.force_login(mentor)
    client.get(reverse("mentorship:mentee", args=[mentee.public_id]))
    assert AccessLogEntry.objects.filter(viewer=mentor, subject=mentee.participant.user).count() == 1


def test_another_participant_or_an_ended_pairing_is_a_404(client, mentor, mentee, other_participant):
    other = MentorshipFactory(participant=other_participant, shares_contact=True)
    client.force_login(mentor)
    for url in (
        reverse("mentorship:mentee", args=[other.public_id]),
        reverse("mentorship:mentee_shared", args=[other.public_id, "contact"]),
    ):
        assert client.get(url).status_code == 404
    assert "dee@example.org" not in client.get(reverse("mentorship:portal")).content.decode()
    Mentorship.objects.filter(pk=mentee.pk).update(ended_on=timezone.localdate())
    assert client.get(reverse("mentorship:mentee", args=[mentee.public_id])).status_code == 404
    assert client.get(reverse("mentorship:mentee_shared", args=[mentee.public_id, "nonsense"])).status_code == 404


def test_the_mentor_logs_a_meeting_and_bad_input_keeps_what_was_typed(client, mentor, mentee):
    client.force_login(mentor)
    url = reverse("mentorship:mentee", args=[mentee.public_id])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"met_on": tomorrow, "minutes": "45", "topic": "study"})
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert f'value="{tomorrow}"' in response.content.decode()
    response = client.post(url, {"met_on": timezone.localdate().isoformat(), "minutes": "3", "topic": "study"})
    assert "Ensure this value is greater than or equal to 5." in response.content.decode()
    response = client.post(url, {"met_on": timezone.localdate().isoformat(), "minutes": "45", "topic": "study"})
    assert response.status_code == 302
    meeting = MentorMeeting.objects.get()
    assert (meeting.minutes, meeting.topic, meeting.logged_by) == (45, "study", mentor)


def test_the_mentor_corrects_and_deletes_only_unpaid_meetings(client, mentor, mentee, finance):
    meeting = MeetingFactory(mentorship=mentee, met_on=timezone.localdate(), minutes=30)
    client.force_login(mentor)
    edit = reverse("mentorship:meeting_edit", args=[meeting.public_id])
    assert client.get(edit).status_code == 200
    client.post(edit, {"met_on": meeting.met_on.isoformat(), "minutes": "50", "topic": "career"})
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.topic) == (50, "career")
    delete = reverse("mentorship:meeting_delete", args=[meeting.public_id])
    assert "Yes, delete it" in client.get(delete).content.decode()
    client.post(delete)
    assert not MentorMeeting.objects.exists()
    paid = MeetingFactory(mentorship=mentee, minutes=60)
    paid.payment = MentorPayment.objects.create(mentor=mentee.mentor, minutes=60, amount_cents=0)
    paid.save()
    assert client.get(reverse("mentorship:meeting_edit", args=[paid.public_id])).status_code == 302
    client.post(reverse("mentorship:meeting_delete", args=[paid.public_id]))
    assert MentorMeeting.objects.filter(pk=paid.pk).exists()
    # Another mentor's meeting: unknown.
    stranger = MeetingFactory()
    assert client.get(reverse("mentorship:meeting_edit", args=[stranger.public_id])).status_code == 404


def test_the_participant_sees_their_mentor_and_chooses_what_to_share(client, mentor, mentee, participant):
    MeetingFactory(mentorship=mentee, minutes=90, topic="self_care")
    client.force_login(participant.user)
    html = client.get(reverse("mentorship:mine")).content.decode()
    assert "Mentor Mae" in html and "1 h 30 min" in html and "Self-care and balance" in html
    assert "checked" not in html  # nothing shared by default
    client.post(reverse("mentorship:mine"), {"shares_progress": "on", "shares_contact": "on"})
    mentee.refresh_from_db()
    assert (mentee.shares_progress, mentee.shares_placement, mentee.shares_contact) == (True, False, True)
    assert mentee.shares_updated_at is not None
    client.post(reverse("mentorship:mine"), {})
    mentee.refresh_from_db()
    assert not (mentee.shares_progress or mentee.shares_contact)


def test_a_participant_without_a_mentor_gets_a_kind_note(client, other_participant):
    client.force_login(other_participant.user)
    assert "do not have a peer mentor" in client.get(reverse("mentorship:mine")).content.decode()


def test_a_graduate_offers_to_mentor(client, participant, program_staff):
    client.force_login(participant.user)
    assert "Once you have graduated" in client.get(reverse("mentorship:volunteer")).content.decode()
    assert client.post(reverse("mentorship:volunteer"), {"message": "hi"}).status_code == 403
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CERTIFIED)
    issued_certificate(participant)
    assert "Become a peer mentor" in client.get(reverse("mentorship:mine")).content.decode()
    response = client.post(reverse("mentorship:volunteer"), {"message": "I would love to."}, follow=True)
    assert "your offer is with the program team" in response.content.decode()
    assert MentorVolunteer.objects.get().message == "I would love to."


def test_the_mentors_pages_cost_the_same_with_3_or_30_meetings_and_mentees(client, mentor, mentee):
    """Progress and placement shared (as in the demo): the portal and the mentee's page read
    the same number of queries however many meetings, mentees and check-ins there are
    (issue #19)."""
    from tests.checkins.factories import CheckInFactory
    from tests.queries import assert_queries_do_not_grow

    share_only(mentee, "progress", "placement")

    def grow(count):
        for day in range(count):
            MeetingFactory(mentorship=mentee, met_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=day))
            CheckInFactory(participant=mentee.participant, number=100 + day + count)
        for _ in range(count):
            share_only(MentorshipFactory(mentor=mentee.mentor), "progress", "placement")

    grow(3)
    client.force_login(mentor)
    urls = [reverse("mentorship:portal"), reverse("mentorship:mentee", args=[mentee.public_id])]
    assert_queries_do_not_grow(client, urls, lambda: grow(30))
