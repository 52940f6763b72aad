import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from certificates.models import Certificate
from cohorts.models import Participant
from cpse.notify.models import Notification
from mentorship import services
from mentorship.models import Mentor, MentorMeeting, Mentorship, MentorVolunteer
from tests.certificates.helpers import issued_certificate
from tests.factories import ParticipantFactory, UserFactory
from tests.mentorship.factories import MeetingFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 7, 15)


def _certify(participant):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CERTIFIED)
    issued_certificate(participant)


def _codes(call):
    with pytest.raises(services.MentorshipError) as error:
        call()
    return error.value.code


# --- Mentors and invitations ------------------------------------------------------------------


def test_mentor_create_grants_the_role_and_refuses_a_second_time(program_staff):
    user = UserFactory()
    mentor = services.mentor_create(user=user, background="graduate", hourly_rate_cents=2500, by=program_staff)
    user.__dict__.pop("_role_names", None)
    assert user.has_role(Role.MENTOR) and user.mfa_required
    assert (mentor.background, mentor.hourly_rate_cents, mentor.active) == ("graduate", 2500, True)
    assert (
        _codes(lambda: services.mentor_create(user=user, background="graduate", hourly_rate_cents=1, by=program_staff))
        == "already_mentor"
    )


def test_a_mentor_with_mentees_cannot_stop_mentoring(program_staff):
    mentorship = MentorshipFactory()
    mentor = mentorship.mentor
    update = {"mentor": mentor, "background": "graduate", "hourly_rate_cents": 3000, "by": program_staff}
    assert _codes(lambda: services.mentor_update(active=False, **update)) == "has_mentees"
    services.mentorship_end(mentorship=mentorship, by=program_staff)
    services.mentor_update(active=False, **update)
    mentor.refresh_from_db()
    assert (mentor.active, mentor.hourly_rate_cents) == (False, 3000)
    assert not mentor.user.groups.filter(name=Role.MENTOR).exists()


def test_invitation_works_once_for_the_invited_address(program_staff, mailoutbox):
    invitation, token = services.invitation_send(
        email=" New.Mentor@Example.org ", background="peer_worker", hourly_rate_cents=3000, by=program_staff
    )
    assert invitation.email == "new.mentor@example.org"
    assert Notification.objects.get(key=f"mentor-invitation:{invitation.pk}").one_time_link
    stranger = UserFactory(email="someone@example.org")
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(token=token, user=stranger)
    assert error.value.code == "wrong_email"
    user = UserFactory(email="new.mentor@example.org")
    mentor = services.invitation_accept(token=token, user=user)
    assert (mentor.user, mentor.background, mentor.hourly_rate_cents) == (user, "peer_worker", 3000)
    assert user.groups.filter(name=Role.MENTOR).exists()
    with pytest.raises(services.InvitationError):
        services.invitation_accept(token=token, user=user)


def test_a_new_invitation_cancels_the_waiting_link(program_staff):
    _first, old = services.invitation_send(
        email="a@example.org", background="graduate", hourly_rate_cents=0, by=program_staff
    )
    services.invitation_send(email="a@example.org", background="graduate", hourly_rate_cents=0, by=program_staff)
    with pytest.raises(services.InvitationError):
        services.invitation_for_token(old)
    with pytest.raises(services.InvitationError):
        services.invitation_for_token("made-up")


# --- Pairings and sharing ---------------------------------------------------------------------


def test_pairing_ends_the_previous_one_and_tells_both_without_details(program_staff, participant):
    first = MentorFactory()
    second = MentorFactory()
    old = services.mentorship_pair(participant=participant, mentor=first, by=program_staff)
    services.shares_set(mentorship=old, choices={"shares_contact": True}, by=participant.user)
    new = services.mentorship_pair(participant=participant, mentor=second, by=program_staff)
    old.refresh_from_db()
    assert old.ended_on == timezone.localdate()
    assert Mentorship.objects.get(participant=participant, ended_on__isnull=True) == new
    # What the participant shares starts empty with every new mentor.
    assert not (new.shares_progress or new.shares_placement or new.shares_contact)
    messages = Notification.objects.filter(kind="mentorship_paired", key__contains=str(new.public_id))
    assert {m.recipient for m in messages} == {participant.user, second.user}
    for message in messages:
        assert participant.user.display_name not in message.body + message.subject
        assert second.user.display_name not in message.body + message.subject


def test_pairing_rules(program_staff, participant):
    mentor = MentorFactory()
    services.mentorship_pair(participant=participant, mentor=mentor, by=program_staff)
    assert _codes(lambda: services.mentorship_pair(participant=participant, mentor=mentor, by=program_staff)) == (
        "already_paired"
    )
    withdrawn = ParticipantFactory(status=Participant.Status.WITHDRAWN)
    assert _codes(lambda: services.mentorship_pair(participant=withdrawn, mentor=mentor, by=program_staff)) == (
        "not_pairable"
    )
    inactive = MentorFactory(active=False)
    other = ParticipantFactory()
    assert _codes(lambda: services.mentorship_pair(participant=other, mentor=inactive, by=program_staff)) == (
        "mentor_inactive"
    )
    own = MentorFactory(user=other.user)
    assert _codes(lambda: services.mentorship_pair(participant=other, mentor=own, by=program_staff)) == "self"


def test_sharing_is_timestamped_only_when_it_changes():
    mentorship = MentorshipFactory()
    services.shares_set(mentorship=mentorship, choices={"shares_progress": True}, by=mentorship.participant.user)
    mentorship.refresh_from_db()
    stamp = mentorship.shares_updated_at
    assert (mentorship.shares_progress, mentorship.shares_placement, mentorship.shares_contact) == (True, False, False)
    assert stamp is not None
    services.shares_set(mentorship=mentorship, choices={"shares_progress": True}, by=mentorship.participant.user)
    mentorship.refresh_from_db()
    assert mentorship.shares_updated_at == stamp
    services.shares_set(mentorship=mentorship, choices={}, by=mentorship.participant.user)
    mentorship.refresh_from_db()
    assert not mentorship.shares_progress and mentorship.shares_updated_at > stamp


# --- Meetings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "met_on, minutes, topic, code",
    [
        (TODAY + datetime.timedelta(days=1), 60, "study", "future"),
        (datetime.date(2026, 4, 30), 60, "study", "before_pairing"),
        (TODAY, 4, "study", "minutes"),
        (TODAY, 481, "study", "minutes"),
        (TODAY, 60, "gossip", "topic"),
    ],
)
def test_meeting_log_refuses_bad_input(met_on, minutes, topic, code):
    mentorship = MentorshipFactory()
    assert (
        _codes(
            lambda: services.meeting_log(
                mentorship=mentorship, met_on=met_on, minutes=minutes, topic=topic, by=None, today=TODAY
            )
        )
        == code
    )
    assert not MentorMeeting.objects.exists()


def test_meetings_of_an_ended_pairing_cannot_be_logged(program_staff):
    mentorship = MentorshipFactory()
    services.mentorship_end(mentorship=mentorship, by=program_staff)
    call = lambda: services.meeting_log(  # noqa: E731
        mentorship=mentorship, met_on=TODAY, minutes=30, topic="study", by=None, today=TODAY
    )
    assert _codes(call) == "ended"


def test_a_paid_meeting_cannot_be_changed_or_deleted(finance):
    meeting = MeetingFactory(minutes=90)
    services.payment_record(mentor=meeting.mentorship.mentor, expected_minutes=90, reference="", by=finance)
    meeting.refresh_from_db()
    change = {"met_on": TODAY, "minutes": 30, "topic": "study", "by": None, "today": TODAY}
    assert _codes(lambda: services.meeting_update(meeting=meeting, **change)) == "paid"
    assert _codes(lambda: services.meeting_delete(meeting=meeting, by=None)) == "paid"
    assert MentorMeeting.objects.get(pk=meeting.pk).minutes == 90


# --- Payments ---------------------------------------------------------------------------------


def test_payment_covers_every_unpaid_meeting_once(finance):
    mentorship = MentorshipFactory(mentor__hourly_rate_cents=2550)
    MeetingFactory(mentorship=mentorship, minutes=45)
    MeetingFactory(mentorship=mentorship, minutes=50)
    payment = services.payment_record(mentor=mentorship.mentor, expected_minutes=95, reference=" T-1 ", by=finance)
    # 95 minutes at $25.50 an hour: 4037.5 cents, rounded half up.
    assert (payment.minutes, payment.amount_cents, payment.reference) == (95, 4038, "T-1")
    assert set(MentorMeeting.objects.values_list("payment", flat=True)) == {payment.pk}
    assert (
        _codes(lambda: services.payment_record(mentor=mentorship.mentor, expected_minutes=95, reference="", by=finance))
        == "nothing_unpaid"
    )


def test_payment_refuses_when_the_meetings_changed_since_they_were_seen(finance):
    mentorship = MentorshipFactory()
    MeetingFactory(mentorship=mentorship, minutes=60)
    MeetingFactory(mentorship=mentorship, minutes=30)
    call = lambda: services.payment_record(mentor=mentorship.mentor, expected_minutes=60, reference="", by=finance)  # noqa: E731
    assert _codes(call) == "changed"
    assert not MentorMeeting.objects.filter(payment__isnull=False).exists()


def test_amount_is_whole_cents():
    assert services.amount_for(minutes=60, hourly_rate_cents=2500) == 2500
    assert services.amount_for(minutes=1, hourly_rate_cents=2500) == 42  # 41.67
    assert services.amount_for(minutes=0, hourly_rate_cents=2500) == 0


# --- Graduates' offers ------------------------------------------------------------------------


def test_only_graduates_can_offer_and_staff_are_told_without_content(program_staff, participant):
    assert _codes(lambda: services.volunteer_offer(user=participant.user, message="x")) == "not_graduate"
    # The status alone is not enough: certified means a valid certificate (certificates.selectors).
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CERTIFIED)
    assert _codes(lambda: services.volunteer_offer(user=participant.user, message="x")) == "not_graduate"
    issued_certificate(participant)
    offer = services.volunteer_offer(user=participant.user, message="  I want to give back.  ")
    assert offer.message == "I want to give back."
    note = Notification.objects.get(kind="staff_attention", recipient=program_staff)
    assert "give back" not in note.body and participant.user.display_name not in note.body
    assert _codes(lambda: services.volunteer_offer(user=participant.user, message="")) == "already_offered"


def test_a_certificate_makes_a_graduate(participant):
    from mentorship.selectors import is_graduate

    assert not is_graduate(participant.user)
    Certificate.objects.create(
        participant=participant,
        number="CPSE-TEST-1",
        issued_on=datetime.date(2026, 10, 17),
        credential=participant.cohort.credential,
        displayed_name="Cora",
    )
    assert is_graduate(participant.user)


def test_accepting_an_offer_makes_a_mentor_and_answering_twice_is_refused(program_staff, participant):
    _certify(participant)
    offer = services.volunteer_offer(user=participant.user, message="")
    mentor = services.volunteer_accept(offer=offer, hourly_rate_cents=2000, by=program_staff)
    assert (mentor.user, mentor.background, mentor.hourly_rate_cents) == (participant.user, "graduate", 2000)
    offer.refresh_from_db()
    assert (offer.status, offer.decided_by) == (MentorVolunteer.Status.ACCEPTED, program_staff)
    assert Notification.objects.filter(kind="mentor_volunteer_answered", recipient=participant.user).count() == 1
    assert _codes(lambda: services.volunteer_decline(offer=offer, by=program_staff)) == "answered"


def test_declining_thanks_the_person(program_staff, participant):
    _certify(participant)
    offer = services.volunteer_offer(user=participant.user, message="")
    services.volunteer_decline(offer=offer, by=program_staff)
    offer.refresh_from_db()
    assert offer.status == MentorVolunteer.Status.DECLINED
    assert not Mentor.objects.filter(user=participant.user).exists()
    assert Notification.objects.filter(kind="mentor_volunteer_answered", recipient=participant.user).exists()
