import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from checkins.models import CheckIn, Concern
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from mentorship.models import Mentor, MentorInvitation, MentorMeeting, MentorPayment, Mentorship, MentorVolunteer
from requirements_tracking.models import HourEntry
from tests.certificates.helpers import issued_certificate
from tests.checkins.factories import CheckInFactory, PlacementFactory
from tests.factories import ParticipantFactory, UserFactory
from tests.mentorship.factories import MeetingFactory, MentorFactory, MentorshipFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

SHARE_VALUES = {"progress": "percent", "placement": "Harbor Light Agency", "contact": "cora@example.org"}
SECRETS = (
    "How work goes: a private answer",
    "My private reflection",
    "Cora Legal-Surname",
    "Only call after six",
    "Staff concern text",
)


@pytest.fixture
def mentee(mentor, participant):
    """The `mentor` persona's pairing with `participant`, with a life behind it: a
    placement, an hour entry with a reflection, a check-in with answers, a concern, a
    legal name and a safe-contact note."""
    user = participant.user
    user.legal_name, user.phone, user.safe_contact_note = "Cora Legal-Surname", "555-0101", "Only call after six"
    user.save()
    PlacementFactory(participant=participant, agency="Harbor Light Agency")
    requirement = participant.cohort.requirement_set.requirements.get(category="self_care")
    HourEntry.objects.create(
        participant=participant,
        requirement=requirement,
        date=datetime.date(2026, 5, 4),
        hours=Decimal(3),
        kind="other",
        status="approved",
        reflection="My private reflection",
    )
    checkin = CheckInFactory(
        participant=participant, work_going="How work goes: a private answer", submitted_at=timezone.now()
    )
    Concern.objects.create(participant=participant, checkin=checkin, reason=Concern.Reason.MISSED)
    return Mentorship.objects.get(participant=participant)


def _share(mentorship, *names):
    for name in Mentorship.SHAREABLE:
        setattr(mentorship, name, name.removeprefix("shares_") in names)
    mentorship.save()


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
    _share(mentee, shared)
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
    _share(mentee, "progress", "placement", "contact")
    client.force_login(mentor)
    html = _pages(client, mentee) + "".join(
        client.get(reverse("mentorship:mentee_shared", args=[mentee.public_id, share])).content.decode()
        for share in SHARE_VALUES
    )
    assert "Harbor Light Agency" in html and "cora@example.org" in html and "555-0101" in html
    for secret in SECRETS:
        assert secret not in html
    assert "Sam Supervisor" not in html  # the placement's supervisor is not the mentor's to know


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


# --- Staff ----------------------------------------------------------------------------------------


def test_staff_add_a_mentor_from_an_account_or_by_invitation(client, program_staff):
    graduate = UserFactory(email="grad@example.org", display_name="Grad Gia")
    client.force_login(program_staff)
    url = reverse("mentorship:staff_add")
    response = client.post(url, {"email": "GRAD@example.org", "background": "graduate", "hourly_rate": "22.50"})
    mentor = Mentor.objects.get(user=graduate)
    assert response["Location"] == reverse("mentorship:staff_detail", args=[mentor.public_id])
    assert mentor.hourly_rate_cents == 2250 and graduate.groups.filter(name=Role.MENTOR).exists()
    response = client.post(url, {"email": "grad@example.org", "background": "graduate", "hourly_rate": "1"})
    assert "already a mentor" in response.content.decode()
    client.post(url, {"email": "new@example.org", "background": "peer_worker", "hourly_rate": "30"})
    invitation = MentorInvitation.objects.get()
    assert (invitation.email, invitation.hourly_rate_cents) == ("new@example.org", 3000)
    assert "new@example.org" in client.get(reverse("mentorship:staff_list")).content.decode()
    response = client.post(url, {"email": "not-an-email", "background": "graduate", "hourly_rate": "-1"})
    assert 'value="not-an-email"' in response.content.decode()


def test_invitation_accepted_leads_to_two_step_sign_in(client, program_staff):
    from mentorship import services

    _invitation, token = services.invitation_send(
        email="new@example.org", background="peer_worker", hourly_rate_cents=0, by=program_staff
    )
    user = UserFactory(email="new@example.org")
    client.force_login(user)
    assert client.get(reverse("mentorship:invitation", args=[token])).status_code == 200
    response = client.post(reverse("mentorship:invitation_accept", args=[token]), follow=True)
    # The portal first asks for two-step sign-in (allauth may ask for the password again).
    assert [url for url, _status in response.redirect_chain][:2] == [
        reverse("mentorship:portal"),
        reverse("mfa_activate_totp"),
    ]
    assert Mentor.objects.filter(user=user).exists()


def test_staff_pair_with_confirmation_and_end(client, program_staff, participant):
    first, second = MentorFactory(), MentorFactory()
    client.force_login(program_staff)
    url = reverse("mentorship:staff_pair")
    client.post(url, {"participant": participant.public_id, "mentor": first.public_id})
    current = Mentorship.objects.get(participant=participant, ended_on__isnull=True)
    assert current.mentor == first
    response = client.post(url, {"participant": participant.public_id, "mentor": second.public_id})
    assert "Please confirm that this pairing ends" in response.content.decode()
    assert Mentorship.objects.get(participant=participant, ended_on__isnull=True).mentor == first
    client.post(url, {"participant": participant.public_id, "mentor": second.public_id, "confirm": "on"})
    current = Mentorship.objects.get(participant=participant, ended_on__isnull=True)
    assert current.mentor == second
    end = reverse("mentorship:staff_pairing_end", args=[current.public_id])
    assert "Yes, end this pairing" in client.get(end).content.decode()
    client.post(end)
    assert not Mentorship.objects.filter(participant=participant, ended_on__isnull=True).exists()


def test_staff_answer_offers(client, program_staff):
    accepted = MentorVolunteer.objects.create(user=UserFactory(display_name="Gia"), message="Because I can.")
    declined = MentorVolunteer.objects.create(user=UserFactory(display_name="Hana"))
    client.force_login(program_staff)
    html = client.get(reverse("mentorship:staff_volunteers")).content.decode()
    assert "Because I can." in html
    client.post(reverse("mentorship:staff_volunteer_accept", args=[accepted.public_id]), {"hourly_rate": "20"})
    client.post(reverse("mentorship:staff_volunteer_decline", args=[declined.public_id]))
    assert Mentor.objects.get(user=accepted.user).hourly_rate_cents == 2000
    declined.refresh_from_db()
    assert declined.status == MentorVolunteer.Status.DECLINED


def test_staff_mentor_detail_edits_and_refuses_to_deactivate_with_mentees(client, program_staff, mentor, mentee):
    client.force_login(program_staff)
    record = Mentor.objects.get(user=mentor)
    url = reverse("mentorship:staff_detail", args=[record.public_id])
    html = client.get(url).content.decode()
    assert "Participant Cora" in html and "cora@example.org" not in html
    response = client.post(url, {"background": "graduate", "hourly_rate": "27.00"})
    assert "end this mentor" in response.content.decode()
    client.post(url, {"background": "peer_worker", "hourly_rate": "27.00", "active": "on"})
    record.refresh_from_db()
    assert (record.background, record.hourly_rate_cents) == ("peer_worker", 2700)


def test_finance_records_a_payment(client, finance, mentee):
    Mentor.objects.filter(pk=mentee.mentor_id).update(hourly_rate_cents=3000)
    MeetingFactory(mentorship=mentee, minutes=90)
    client.force_login(finance)
    url = reverse("mentorship:staff_payment_record", args=[mentee.mentor.public_id])
    html = client.get(url).content.decode()
    assert "$45.00" in html and "Participant Cora" not in html
    stale = client.post(url, {"expected_minutes": "60", "paid_on": timezone.localdate().isoformat(), "reference": "X"})
    assert "changed while you were looking" in stale.content.decode()
    client.post(url, {"expected_minutes": "90", "paid_on": timezone.localdate().isoformat(), "reference": "CHQ 12"})
    payment = MentorPayment.objects.get()
    assert (payment.amount_cents, payment.reference, payment.recorded_by) == (4500, "CHQ 12", finance)
    assert "CHQ 12" in client.get(reverse("mentorship:staff_payments")).content.decode()


# --- Query counts -------------------------------------------------------------------------------


def test_list_pages_cost_the_same_with_more_rows(client, program_staff, finance, mentor, mentee):
    _share(mentee, "progress", "placement", "contact")
    record = Mentor.objects.get(user=mentor)

    def grow():
        for _ in range(3):
            other = MentorFactory()
            MeetingFactory(mentorship__mentor=other)
            MentorPayment.objects.create(mentor=other, minutes=10, amount_cents=100)
            person = ParticipantFactory(cohort=mentee.participant.cohort)
            PlacementFactory(participant=person)
            MeetingFactory(
                mentorship=MentorshipFactory(
                    participant=person, mentor=record, shares_progress=True, shares_placement=True, shares_contact=True
                )
            )

    grow()  # from some rows to more (an empty page skips its queries)
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [reverse("mentorship:staff_list"), reverse("mentorship:staff_payments")], grow)
    client.force_login(mentor)
    assert_queries_do_not_grow(client, [reverse("mentorship:portal"), reverse("mentorship:hours")], grow)
    assert len(client.get(reverse("mentorship:portal")).context["cards"]) == 10


def test_user_model_is_untouched_by_mentor_pages(mentor):
    # The mentor persona is a plain account with the role: no staff flag.
    assert not User.objects.get(pk=mentor.pk).is_staff
    assert not CheckIn.objects.exists()
