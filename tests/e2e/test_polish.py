"""Small things people expect, in a real browser with axe: a paused check-in says so
calmly instead of the form (phone); staff see a survey's response rate and, on a
participant's page, their peer mentor with a link to pair them; a graduate's certificate
page invites them to offer to mentor."""

import datetime

from django.urls import reverse
from django.utils import timezone

from checkins.models import Survey, SurveyInvitation
from checkins.placement.services import pause_start
from tests.certificates.pdf_support import certificate_for
from tests.checkins.factories import placement_year, survey_responses
from tests.e2e.axe import assert_accessible
from tests.e2e.support import screenshot, sign_in
from tests.factories import ParticipantFactory

PAUSED = "Your check-ins are paused. The program team will let you know when they start again."


def test_a_paused_check_in_says_so_instead_of_the_form(phone_page, participant, program_staff):
    start = timezone.localdate() - datetime.timedelta(days=40)
    first = placement_year(participant, start=start)[0]
    pause_start(participant=participant, starts_on=start + datetime.timedelta(days=1), by=program_staff)
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto(reverse("checkins:checkin", args=[first.public_id]))
    phone_page.get_by_text(PAUSED).wait_for()
    assert phone_page.get_by_role("button", name="Send my check-in").count() == 0
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "checkin-paused-phone.png")


def test_staff_see_the_response_rate_and_the_peer_mentor_line(signed_in_staff, cohort, participant):
    page = signed_in_staff
    today = timezone.localdate()
    for answered in [True] * 6 + [False] * 6:
        SurveyInvitation.objects.create(
            participant=ParticipantFactory(cohort=cohort),
            survey=Survey.END_OF_PROGRAM,
            opens_on=today,
            answered=answered,
            declined=not answered,
        )
    survey_responses(cohort, count=6)
    page.goto(reverse("surveys:staff_cohort", args=[cohort.pk]))
    page.get_by_text("Answered: 6 (50 percent)").wait_for()
    page.get_by_text("Said no thanks: 6").wait_for()
    assert_accessible(page)
    screenshot(page, "survey-response-rate.png")

    page.goto(reverse("cohorts_staff:participant_detail", args=[participant.public_id]))
    page.get_by_text("No mentor yet").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Pair with a mentor").click()
    page.get_by_role("heading", name="Pair a participant with a mentor").wait_for()
    assert page.locator("#id_participant").input_value() == str(participant.public_id)


def test_a_graduate_is_invited_to_mentor_on_the_certificate_page(page, participant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    certificate_for(participant)
    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto(reverse("certificates:mine"))
    page.get_by_role("heading", name="Become a peer mentor").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="How peer mentoring works").click()
    page.wait_for_url("**" + reverse("mentorship:volunteer"))
