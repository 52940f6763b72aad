"""Staff's mentorship pages (mentorship/staff/views.py): adding mentors, pairing, offers,
a mentor's page and payments."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from checkins.models import CheckIn
from mentorship.models import Mentor, MentorInvitation, MentorPayment, Mentorship, MentorVolunteer
from tests.checkins.factories import PlacementFactory
from tests.factories import ParticipantFactory, UserFactory
from tests.mentorship.factories import MeetingFactory, MentorFactory, MentorshipFactory, share_only
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


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
    share_only(mentee, "progress", "placement", "contact")
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
