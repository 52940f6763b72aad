import pytest

from accounts.services import person_erase
from cpse import data_rights
from mentorship.data_rights import export
from mentorship.models import Mentor, MentorMeeting, MentorPayment, Mentorship, MentorVolunteer
from tests.mentorship.factories import MeetingFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def test_export_holds_both_sides():
    meeting = MeetingFactory(minutes=75, mentorship__shares_contact=True)
    mentorship = meeting.mentorship
    MentorVolunteer.objects.create(user=mentorship.participant.user, message="Later, maybe.")
    as_participant = export(mentorship.participant.user)
    assert as_participant["my_mentors"][0]["shares_contact"] is True
    assert as_participant["my_mentors"][0]["meetings"][0]["minutes"] == 75
    assert as_participant["offers_to_mentor"][0]["message"] == "Later, maybe."
    assert "as_mentor" not in as_participant
    as_mentor = export(mentorship.mentor.user)
    assert as_mentor["as_mentor"]["meetings"][0]["minutes"] == 75
    assert any(section.name == "peer_mentorship" for section in data_rights.sections())


def test_erasing_a_participant_removes_their_pairings_and_unpaid_meetings():
    meeting = MeetingFactory()
    user = meeting.mentorship.participant.user
    MentorVolunteer.objects.create(user=user)
    person_erase(user=user)
    assert not Mentorship.objects.exists() and not MentorMeeting.objects.exists()
    assert not MentorVolunteer.objects.exists()


def test_erasing_keeps_what_a_payment_stands_on_and_ends_a_mentors_pairings():
    mentorship = MentorshipFactory(shares_progress=True)
    payment = MentorPayment.objects.create(mentor=mentorship.mentor, minutes=60, amount_cents=2500)
    MeetingFactory(mentorship=mentorship, payment=payment)
    person_erase(user=mentorship.participant.user)
    mentorship.refresh_from_db()
    assert MentorMeeting.objects.get().payment == payment
    assert not mentorship.shares_progress
    other = MentorshipFactory()
    person_erase(user=other.mentor.user)
    other.refresh_from_db()
    assert other.ended_on is not None and not Mentor.objects.get(pk=other.mentor_id).active
