"""Peer mentorship in a real browser: a mentor signs in with two-step sign-in and logs a
meeting with their mentee; the participant, on a phone, sees their mentor and changes
what they share; the mentor then sees only that. Staff's pages, the offer to mentor and
the invitation page, each checked with axe."""

from django.utils import timezone

from cohorts.models import Participant
from mentorship import services
from mentorship.models import MentorMeeting, Mentorship, MentorVolunteer
from tests.certificates.helpers import issued_certificate
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in
from tests.mentorship.factories import MeetingFactory


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_mentor_logs_a_meeting_and_the_participant_chooses_what_to_share(page, phone_page, mentor, participant):
    mentorship = Mentorship.objects.get(participant=participant)
    sign_in(page, mentor.email, totp_secret=TOTP_SECRET)
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.goto("/mentor/")
    page.get_by_role("heading", name="Mentor portal", exact=True).wait_for()
    page.get_by_text("Not sharing anything with you at the moment.").wait_for()
    assert page.get_by_text("cora@example.org").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Log a meeting").click()
    page.get_by_role("heading", name="Participant Cora").wait_for()
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("General topic").select_option("study")
    page.get_by_role("button", name="Log meeting").click()
    page.get_by_text("The meeting is logged.").wait_for()
    assert_accessible(page)
    assert MentorMeeting.objects.get().minutes == 45
    page.goto("/mentor/hours/")
    page.get_by_role("heading", name="My mentoring hours").wait_for()
    assert_accessible(page)
    assert page.goto(f"/mentor/mentees/{mentorship.public_id}/contact/").status == 403

    # The participant, on a phone, sees their mentor and shares how to reach them.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/my-mentor/")
    phone_page.get_by_role("heading", name="My mentor", exact=True).wait_for()
    phone_page.get_by_text("Your peer mentor is Mentor Mae.").wait_for()
    phone_page.get_by_text("45 min").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_label("How to reach me").check()
    phone_page.get_by_role("button", name="Save my choices").click()
    phone_page.get_by_text("Your mentor now sees only what you chose.").wait_for()
    assert phone_page.get_by_label("How to reach me").is_checked()
    _fits_the_phone(phone_page)
    screenshot(phone_page, "mentorship-my-mentor-phone.png")

    # The mentor's next page shows that, and only that.
    response = page.goto(f"/mentor/mentees/{mentorship.public_id}/contact/")
    assert response.status == 200
    page.get_by_text("cora@example.org").first.wait_for()
    assert_accessible(page)
    page.goto("/mentor/")
    screenshot(page, "mentorship-portal.png")
    # The portal links to the contact card (her safe way is email: the email, no phone).
    page.get_by_role("link", name="How to reach them").click()
    page.get_by_role("heading", name="How to reach Participant Cora safely").wait_for()
    page.get_by_role("link", name="cora@example.org").wait_for()
    assert_accessible(page)
    assert page.goto(f"/mentor/mentees/{mentorship.public_id}/progress/").status == 403


def test_staff_mentor_pages(signed_in_staff, mentor, participant, other_participant, finance):
    page = signed_in_staff
    mentorship = Mentorship.objects.get(participant=participant)
    MeetingFactory(mentorship=mentorship, minutes=60)
    Participant.objects.filter(pk=other_participant.pk).update(status=Participant.Status.CERTIFIED)
    MentorVolunteer.objects.create(user=other_participant.user, message="I would like to give back.")
    services.invitation_send(email="new@example.org", background="peer_worker", hourly_rate_cents=0, by=None)
    page.goto("/staff/mentors/")
    page.get_by_role("heading", name="Mentors", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Mentor Mae").click()
    page.get_by_role("heading", name="Mentor Mae").wait_for()
    assert_accessible(page)
    for path, heading in [
        ("/staff/mentors/add/", "Add a mentor"),
        ("/staff/mentors/pair/", "Pair a participant with a mentor"),
        ("/staff/mentors/volunteers/", "Offers to mentor"),
        ("/staff/mentors/payments/", "Mentor payments"),
        (f"/staff/mentors/{mentorship.mentor.public_id}/pay/", "Record a payment to Mentor Mae"),
        (f"/staff/mentors/pairings/{mentorship.public_id}/end/", "End a pairing"),
    ]:
        page.goto(path)
        page.get_by_role("heading", name=heading).wait_for()
        assert_accessible(page)
    # A form with errors is accessible too.
    page.goto("/staff/mentors/add/")
    page.get_by_role("button", name="Add mentor").click()
    page.get_by_role("heading", name="Add a mentor").wait_for()
    assert_accessible(page)


def test_a_graduate_offers_to_mentor_on_a_phone(phone_page, participant):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CERTIFIED)
    issued_certificate(participant)
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/mentor/volunteer/")
    phone_page.get_by_role("heading", name="Become a peer mentor").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_role("button", name="Offer to mentor").click()
    phone_page.get_by_text("your offer is with the program team").first.wait_for()
    assert_accessible(phone_page)
    assert MentorVolunteer.objects.filter(user=participant.user).exists()


def test_the_invitation_page(page):
    _invitation, token = services.invitation_send(
        email="new@example.org", background="peer_worker", hourly_rate_cents=0, by=None
    )
    page.goto(f"/mentor-invitation/{token}/")
    page.get_by_role("heading", name="Become a peer mentor").wait_for()
    assert_accessible(page)
    assert page.goto("/mentor-invitation/not-a-real-token/").status == 404
    page.get_by_role("heading", name="This link does not work").wait_for()
    assert_accessible(page)
