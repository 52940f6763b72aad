"""The contact card (issue #26): the chosen name, the safe way and its note, and the phone
or email only as that way allows; on the participant record and the concern page, each
showing written to the access log."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from accounts.selectors import contact_card
from checkins.models import CheckIn, Concern
from cpse.audit.models import AccessLogEntry
from tests.checkins.factories import placement_year
from tests.factories import UserFactory

PHONE, EMAIL, NOTE = "555-0142", "mara@example.org", "Weekday mornings, please"

# What each safe way shows: (phone shown, email shown).
SHOWN = {
    User.SafeContact.EMAIL: (False, True),
    User.SafeContact.PHONE: (True, False),
    User.SafeContact.TEXT: (True, False),
    User.SafeContact.NONE: (False, False),
}


def _person(way: str) -> User:
    return UserFactory(display_name="Mara", email=EMAIL, phone=PHONE, safe_contact=way, safe_contact_note=NOTE)


@pytest.mark.django_db
@pytest.mark.parametrize("way", list(SHOWN))
def test_the_card_shows_the_phone_or_email_only_as_the_way_allows(way):
    card = contact_card(_person(way))
    assert (card.name, card.way, card.note, card.from_profile) == ("Mara", way, NOTE, True)
    assert (card.by_phone, card.by_email) == SHOWN[way]
    assert card.phone == (PHONE if SHOWN[way][0] else None)
    assert card.email == (EMAIL if SHOWN[way][1] else None)


@pytest.mark.django_db
def test_a_way_allowed_but_not_on_file_says_so(client, program_staff, participant):
    participant.user.safe_contact, participant.user.phone = User.SafeContact.PHONE, ""
    participant.user.save(update_fields=["safe_contact", "phone"])
    client.force_login(program_staff)
    page = client.get(reverse("participant_record:record", args=[participant.public_id])).text
    assert "No phone number on file." in page


def _card_html(page: str) -> str:
    start = page.index('<section id="contact"')
    return page[start : page.index("</section>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("way", list(SHOWN))
def test_the_record_shows_the_card_and_logs_its_opening(client, program_staff, participant, way):
    person = participant.user
    person.safe_contact, person.safe_contact_note, person.phone = way, NOTE, PHONE
    person.legal_name = "Legal Surname"  # never on the card: the chosen name is
    person.save(update_fields=["safe_contact", "safe_contact_note", "phone", "legal_name"])
    client.force_login(program_staff)
    card = _card_html(client.get(reverse("participant_record:record", args=[participant.public_id])).text)
    assert person.display_name in card and NOTE in card and str(person.get_safe_contact_display()) in card
    assert (PHONE in card, person.email in card) == SHOWN[way]
    assert "Legal Surname" not in card
    kinds = set(
        AccessLogEntry.objects.filter(viewer=program_staff, subject=person).values_list("record_kind", flat=True)
    )
    assert kinds == {AccessLogEntry.RecordKind.PARTICIPANT, AccessLogEntry.RecordKind.CONTACT}


@pytest.mark.django_db
def test_only_the_overview_shows_the_card(client, program_staff, participant):
    client.force_login(program_staff)
    page = client.get(reverse("participant_record:placement", args=[participant.public_id])).text
    assert 'id="contact"' not in page
    assert not AccessLogEntry.objects.filter(record_kind=AccessLogEntry.RecordKind.CONTACT).exists()


@pytest.fixture
def concern(participant):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC), tick=False):
        checkin = placement_year(participant, submitted=1)[0]
    return Concern.objects.create(participant=participant, checkin=checkin, reason=Concern.Reason.ASKED_FOR_CONTACT)


def _concern_card(client, concern) -> str:
    return _card_html(client.get(reverse("checkins_staff:concern", args=[concern.public_id])).text)


@pytest.mark.django_db
def test_the_concern_page_shows_the_way_asked_for_in_the_check_in(client, program_staff, concern):
    person = concern.participant.user
    person.safe_contact, person.phone = User.SafeContact.NONE, PHONE
    person.save(update_fields=["safe_contact", "phone"])
    checkin = concern.checkin
    checkin.wants_contact, checkin.contact_way, checkin.contact_note = True, CheckIn.ContactWay.PHONE, NOTE
    checkin.save(update_fields=["wants_contact", "contact_way", "contact_note"])
    client.force_login(program_staff)
    card = _concern_card(client, concern)
    assert "Way they asked for in this check-in" in card and "Phone call" in card
    assert PHONE in card and NOTE in card and person.email not in card
    assert AccessLogEntry.objects.filter(
        viewer=program_staff, subject=person, record_kind=AccessLogEntry.RecordKind.CONTACT
    ).exists()


@pytest.mark.django_db
def test_in_person_shows_neither_phone_nor_email(client, program_staff, concern):
    person = concern.participant.user
    person.phone = PHONE
    person.save(update_fields=["phone"])
    checkin = concern.checkin
    checkin.wants_contact, checkin.contact_way = True, CheckIn.ContactWay.IN_PERSON
    checkin.save(update_fields=["wants_contact", "contact_way"])
    client.force_login(program_staff)
    card = _concern_card(client, concern)
    assert "talk in person" in card and PHONE not in card and person.email not in card


@pytest.mark.django_db
def test_without_a_way_in_the_check_in_the_concern_page_uses_the_profile(client, program_staff, concern):
    person = concern.participant.user
    person.safe_contact = User.SafeContact.EMAIL
    person.save(update_fields=["safe_contact"])
    client.force_login(program_staff)
    card = _concern_card(client, concern)
    assert "Safe way to reach them" in card and person.email in card
    kinds = list(AccessLogEntry.objects.filter(subject=person).values_list("record_kind", flat=True))
    assert sorted(kinds) == sorted([AccessLogEntry.RecordKind.CHECKINS, AccessLogEntry.RecordKind.CONTACT])
