import pytest
from django.core.management import call_command

from accounts.models import Role
from mentorship.models import Mentor, MentorMeeting, MentorPayment, Mentorship


@pytest.mark.django_db
def test_the_demo_has_a_graduate_mentor_with_a_mentee_meetings_and_a_payment():
    call_command("seed_demo")
    call_command("seed_demo")  # safe to run again
    mentor = Mentor.objects.get(user__display_name="Rosa Delgado")
    assert mentor.background == Mentor.Background.GRADUATE
    assert mentor.user.groups.filter(name=Role.MENTOR).exists()
    mentorship = Mentorship.objects.get(mentor=mentor)
    assert mentorship.ended_on is None and mentorship.shares_progress and not mentorship.shares_contact
    assert MentorMeeting.objects.filter(mentorship=mentorship).count() == 3
    payment = MentorPayment.objects.get(mentor=mentor)
    assert (payment.minutes, payment.amount_cents) == (105, 4375)
    assert MentorMeeting.objects.filter(payment__isnull=True).count() == 1
