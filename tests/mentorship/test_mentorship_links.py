"""Peer mentoring where people already look: staff's participant page says who mentors
them and links to pairing; a graduate's certificate page invites them to offer to mentor.
Both come from mentorship's `peer_mentoring` template tags (no import from below)."""

import datetime

import pytest
from django.urls import reverse

from certificates.models import Certificate
from cohorts.models import Participant
from mentorship import services
from mentorship.models import MentorVolunteer
from mentorship.selectors import invited_to_mentor
from tests.certificates.pdf_support import certificate_for, private_media  # noqa: F401
from tests.factories import ParticipantFactory
from tests.mentorship.factories import MentorFactory, MentorshipFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

INVITATION = "Become a peer mentor"
MINE = reverse("certificates:mine")


def detail(participant) -> str:
    return reverse("cohorts_staff:participant_detail", args=[participant.public_id])


def pair_link(participant) -> str:
    return f"{reverse('mentorship:staff_pair')}?participant={participant.public_id}"


# --- Staff's participant page ------------------------------------------------------------------


def test_without_a_mentor_staff_see_so_and_a_link_to_pair(client, program_staff, participant):
    client.force_login(program_staff)
    page = " ".join(client.get(detail(participant)).text.split())
    assert "Peer mentor:</strong> No mentor yet" in page
    assert f'href="{pair_link(participant)}"' in page and "Pair with a mentor" in page


def test_with_a_mentor_staff_see_who(client, program_staff, participant):
    mentorship = MentorshipFactory(participant=participant, mentor__user__display_name="Rowan Mentor")
    # An ended pairing from before does not count.
    MentorshipFactory(participant=participant, ended_on=datetime.date(2026, 4, 30))
    client.force_login(program_staff)
    page = client.get(detail(participant)).text
    assert "Rowan Mentor" in page and "No mentor yet" not in page
    assert reverse("mentorship:staff_detail", args=[mentorship.mentor.public_id]) in page
    assert f'href="{pair_link(participant)}"' in page and "Pair with another mentor" in page


def test_no_pair_link_for_someone_the_pairing_form_does_not_list(client, program_staff, participant):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    client.force_login(program_staff)
    page = client.get(detail(participant)).text
    assert "No mentor yet" in page and reverse("mentorship:staff_pair") not in page


def test_the_link_arrives_with_the_participant_chosen(client, program_staff, participant):
    client.force_login(program_staff)
    page = client.get(pair_link(participant)).text
    assert f'value="{participant.public_id}" selected' in page


def test_the_participant_page_costs_the_same_with_more_pairings(client, program_staff, participant):
    MentorshipFactory(participant=participant, ended_on=datetime.date(2026, 4, 30))
    client.force_login(program_staff)

    def grow():
        MentorshipFactory.create_batch(3, participant=participant, ended_on=datetime.date(2026, 4, 30))
        MentorshipFactory(participant=participant)
        MentorshipFactory.create_batch(5)

    assert_queries_do_not_grow(client, [detail(participant)], grow)


# --- The graduate's certificate page -------------------------------------------------------------


@pytest.fixture
def graduate(participant):
    certificate_for(participant)
    return participant.user


def test_a_graduate_is_invited_calmly_to_mentor(client, graduate):
    client.force_login(graduate)
    page = client.get(MINE).text
    assert INVITATION in page and reverse("mentorship:volunteer") in page


def test_no_invitation_without_a_valid_certificate(client, participant):
    client.force_login(participant.user)
    assert INVITATION not in client.get(MINE).text
    certificate_for(participant, status=Certificate.Status.REVOKED)
    assert INVITATION not in client.get(MINE).text
    assert not invited_to_mentor(participant.user)


def test_no_invitation_for_a_mentor_or_after_an_offer(client, graduate, program_staff):
    assert invited_to_mentor(graduate)
    offer = services.volunteer_offer(user=graduate, message="")
    client.force_login(graduate)
    assert INVITATION not in client.get(MINE).text  # waiting with staff
    services.volunteer_decline(offer=offer, by=program_staff)
    assert not invited_to_mentor(graduate)  # answered: not asked again
    MentorVolunteer.objects.all().delete()
    MentorFactory(user=graduate)
    assert not invited_to_mentor(graduate) and INVITATION not in client.get(MINE).text


def test_someone_elses_offer_or_mentoring_does_not_matter(graduate, other_participant):
    certificate_for(other_participant, number="CPSE-TEST-0009-ZZZZ")
    MentorFactory(user=other_participant.user)
    assert invited_to_mentor(graduate) and not invited_to_mentor(other_participant.user)
    assert not invited_to_mentor(ParticipantFactory().user)
