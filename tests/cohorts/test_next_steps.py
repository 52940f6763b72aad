"""The landing page says what comes next for the person, at every stage (issue #25):
applying, the application's way through review and interview, the decision, taking part
(check-ins, hours, the exam), finishing (the certificate), and a calm note after a
withdrawal. Every clock is pinned (time_machine)."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import Application, Interview, InterviewSlot, Recommendation
from cohorts.models import Participant, Requirement
from requirements_tracking.models import HourEntry
from tests.certificates.helpers import issued_certificate, pass_exam
from tests.checkins.factories import placement_year
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking import exam_factories as make

pytestmark = pytest.mark.django_db
S = Application.Status
URL = "cohorts:my_program"


def at(time_machine, *args):
    """Pin the clock to a local moment of the site's time zone."""
    time_machine.move_to(timezone.make_aware(datetime.datetime(*args)), tick=False)


def landing(client, user) -> tuple[list[str], str]:
    """The kinds of the steps shown, in order, and the page's text (entities unescaped)."""
    client.force_login(user)
    page = client.get(reverse(URL)).content.decode()
    return re.findall(r'data-next-step="([a-z_]+)"', page), html.unescape(page)


# --- Applying -------------------------------------------------------------------------------


def test_no_application_while_applications_are_open(client, applicant, time_machine):
    at(time_machine, 2026, 2, 1, 10)
    CohortFactory(year=2026)
    kinds, page = landing(client, applicant)
    assert kinds == ["applications_open"]
    assert "Applications for the 2026 cohort are open until March 15, 2026." in page
    assert f'href="{reverse("applications:mine")}">Apply now' in page


def test_no_application_before_the_window_says_when_it_opens(client, applicant, time_machine):
    at(time_machine, 2026, 11, 23, 10)
    CohortFactory(year=2027)
    kinds, page = landing(client, applicant)
    assert kinds == ["applications_soon"]
    assert "Applications for the 2027 cohort open on Jan. 5, 2027." in page
    assert reverse("applications:interest") in page


def test_no_application_and_no_window_ahead(client, applicant, time_machine):
    at(time_machine, 2027, 6, 1, 10)
    CohortFactory(year=2026)
    kinds, page = landing(client, applicant)
    assert kinds == ["applications_closed"]
    assert "Applications are not open right now." in page


def test_an_application_in_progress_says_where_she_left_off(client, applicant, cohort, time_machine):
    at(time_machine, 2026, 2, 1, 10)
    ApplicationFactory(applicant=applicant, cohort=cohort, current_step=Application.Step.ELIGIBILITY)
    kinds, page = landing(client, applicant)
    assert kinds == ["application_draft"]
    assert "Where you left off: Eligibility" in page
    assert f'href="{reverse("applications:step", args=["eligibility"])}">Continue my application' in page


def test_a_sent_application_waits_for_the_recommendation_then_for_review(client, applicant, cohort, time_machine):
    at(time_machine, 2026, 2, 1, 10)
    application = ApplicationFactory(applicant=applicant, cohort=cohort, status=S.SUBMITTED)
    recommendation = Recommendation.objects.create(
        application=application,
        agency_name="Safe Harbor Outreach",
        contact_name="Robin Case",
        contact_email="robin@agency.example.org",
        token_hash="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    kinds, page = landing(client, applicant)
    assert kinds == ["application_sent"]
    assert "We are waiting for the recommendation from your agency." in page
    recommendation.status = Recommendation.Status.RECEIVED
    recommendation.save(update_fields=["status"])
    _, page = landing(client, applicant)
    assert "Your application is complete. We'll write within two weeks." in page


def test_invited_to_an_interview_she_is_told_to_book_a_time(client, applicant, time_machine):
    """The issue's case: not the next cohort's dates, but her own next step."""
    at(time_machine, 2026, 11, 23, 10)
    CohortFactory(year=2027)
    ApplicationFactory(applicant=applicant, cohort=CohortFactory(year=2027), status=S.INTERVIEW_INVITED)
    kinds, page = landing(client, applicant)
    assert kinds == ["book_interview"]
    assert f'href="{reverse("applications:mine")}">Book your interview time' in page
    assert "Applications for the 2027 cohort open on" not in page


def test_a_booked_interview_shows_its_time_with_the_time_zone(client, applicant, cohort, program_staff, time_machine):
    at(time_machine, 2026, 3, 16, 10)
    application = ApplicationFactory(applicant=applicant, cohort=cohort, status=S.INTERVIEW_BOOKED)
    slot = InterviewSlot.objects.create(
        cohort=cohort,
        starts_at=datetime.datetime(2026, 3, 20, 15, 0, tzinfo=datetime.UTC),
        location="Room 2, Hope Center",
        created_by=program_staff,
    )
    Interview.objects.create(application=application, slot=slot)
    kinds, page = landing(client, applicant)
    assert kinds == ["interview_booked"]
    assert "Your interview: March 20, 2026, 11 a.m. (America/New York time)." in page
    assert "Where: Room 2, Hope Center" in page


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (S.INTERVIEWED, "interviewed", "Thank you for talking with us."),
        (S.WAITLISTED, "waitlisted", "You are on the waiting list for the 2026 cohort."),
        (S.DECLINED, "declined", "This is not a judgement of your worth or your story"),
        (S.WITHDRAWN, "application_withdrawn", "You withdrew your application."),
    ],
)
def test_after_the_interview_and_the_decision(client, applicant, cohort, time_machine, status, kind, words):
    at(time_machine, 2026, 3, 30, 10)
    ApplicationFactory(applicant=applicant, cohort=cohort, status=status)
    kinds, page = landing(client, applicant)
    assert kinds == [kind]
    assert words in page


def test_a_decline_for_an_earlier_cohort_gives_way_to_the_new_window(client, applicant, cohort, time_machine):
    at(time_machine, 2027, 2, 1, 10)
    ApplicationFactory(applicant=applicant, cohort=cohort, status=S.DECLINED)
    CohortFactory(year=2027)
    kinds, page = landing(client, applicant)
    assert kinds == ["applications_open"]
    assert "Applications for the 2027 cohort are open until March 15, 2027." in page


# --- Taking part ----------------------------------------------------------------------------


def hour_entry(participant, category, hours, status=HourEntry.Status.APPROVED, day=datetime.date(2026, 5, 4)):
    return HourEntry.objects.create(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category=category),
        date=day,
        hours=Decimal(hours),
        kind=HourEntry.Kind.OTHER,
        status=status,
    )


def test_offered_a_place_she_is_welcomed_with_the_start_date(client, participant, time_machine):
    at(time_machine, 2026, 3, 20, 10)
    kinds, page = landing(client, participant.user)
    assert kinds[0] == "program_ahead"
    assert "Welcome to the 2026 cohort. Your program starts on April 1, 2026." in page


def test_hours_still_needed_with_the_last_day_they_can_count(client, participant, time_machine):
    at(time_machine, 2026, 5, 10, 10)
    hour_entry(participant, Requirement.Category.SELF_CARE, "4")
    hour_entry(participant, Requirement.Category.SELF_CARE, "1.5", status=HourEntry.Status.SUBMITTED)
    for category in (Requirement.Category.ONLINE, Requirement.Category.PRACTICUM):
        requirement = participant.cohort.requirement_set.requirements.get(category=category)
        hour_entry(participant, category, requirement.amount)
    kinds, page = landing(client, participant.user)
    assert kinds == ["hours"]
    # Waiting hours are not "still needed"; finished requirements are not listed.
    assert (
        "Self-awareness and self-care: 4.5 more hours still needed. The last day that counts is Aug. 31, 2026." in page
    )
    assert (
        "In-person training intensive: 30 more hours still needed. The last day that counts is June 12, 2026." in page
    )
    assert "Online instruction:" not in page and "Practicum with an anti-trafficking agency:" not in page
    assert f'href="{reverse("requirements_tracking:mine")}">My hours' in page


def test_hours_past_their_last_day_are_said_gently(client, participant, time_machine):
    at(time_machine, 2026, 7, 1, 10)
    _, page = landing(client, participant.user)
    assert (
        "In-person training intensive: 30 more hours still needed. The last day to count them was June 12, 2026; "
        "we can talk about what is possible." in page
    )


def test_a_checkin_ready_now_then_missed_then_several(client, participant, time_machine):
    at(time_machine, 2026, 11, 1, 12)
    checkins = placement_year(participant, start=datetime.date(2026, 11, 1))
    at(time_machine, 2026, 11, 29, 10)
    kinds, page = landing(client, participant.user)
    assert kinds[0] == "checkin_due"
    assert "Check-in 1 is ready to fill in. It is due on Dec. 1, 2026." in page
    assert f'href="{reverse("checkins:checkin", args=[checkins[0].public_id])}">Open check-in 1' in page

    at(time_machine, 2026, 12, 20, 10)
    kinds, page = landing(client, participant.user)
    assert kinds[0] == "checkin_missed"
    assert "Check-in 1 was due on Dec. 1, 2026. It is still welcome whenever you are ready." in page

    at(time_machine, 2027, 1, 2, 10)
    kinds, page = landing(client, participant.user)
    assert kinds[0] == "checkins_waiting"
    assert "2 check-ins are waiting for you." in page
    assert f'href="{reverse("checkins:mine")}">My check-ins' in page


def test_a_sent_checkin_is_not_a_next_step(client, participant, time_machine):
    at(time_machine, 2026, 11, 1, 12)
    placement_year(participant, start=datetime.date(2026, 11, 1), submitted=1)
    at(time_machine, 2026, 12, 5, 10)
    kinds, _ = landing(client, participant.user)
    assert "checkin_due" not in kinds and "checkin_missed" not in kinds


def test_the_exam_window_until_she_passes(client, participant, time_machine):
    at(time_machine, 2026, 7, 1, 10)
    make.exam(
        participant.cohort,
        questions=[make.question()],
        opens_at=datetime.datetime(2026, 7, 20, 13, 0, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2026, 8, 3, 21, 0, tzinfo=datetime.UTC),
    )
    kinds, page = landing(client, participant.user)
    assert kinds[-1] == "exam"
    assert (
        "Your final exam opens on July 20, 2026, 9 a.m. (America/New York time) "
        "and closes on Aug. 3, 2026, 5 p.m. (America/New York time)." in page
    )
    at(time_machine, 2026, 7, 21, 10)
    _, page = landing(client, participant.user)
    assert "Your final exam is open until Aug. 3, 2026, 5 p.m. (America/New York time)." in page
    pass_exam(participant)
    kinds, _ = landing(client, participant.user)
    assert "exam" not in kinds
    at(time_machine, 2026, 8, 4, 10)
    participant.exam_attempts.all().delete()
    kinds, _ = landing(client, participant.user)
    assert "exam" not in kinds  # the window has closed


def test_on_leave_she_is_told_to_take_her_time(client, participant, time_machine):
    at(time_machine, 2026, 5, 10, 10)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.ON_LEAVE)
    kinds, page = landing(client, participant.user)
    assert kinds[0] == "on_leave"
    assert "You are on a break from the program. Take the time you need: your progress is kept." in page


def test_the_page_costs_the_same_with_few_and_many_entries_and_checkins(client, participant, time_machine):
    at(time_machine, 2026, 5, 10, 10)
    make.exam(participant.cohort, questions=[make.question()])
    hour_entry(participant, Requirement.Category.SELF_CARE, "1")
    hour_entry(participant, Requirement.Category.SELF_CARE, "1", status=HourEntry.Status.SUBMITTED)
    placement_year(participant, start=datetime.date(2026, 4, 1), submitted=1)
    client.force_login(participant.user)

    def grow():
        for day in range(1, 28):
            hour_entry(participant, Requirement.Category.SELF_CARE, "0.25", day=datetime.date(2026, 5, day))
        HourEntry.objects.filter(participant=participant, status=HourEntry.Status.APPROVED).update(
            status=HourEntry.Status.SUBMITTED
        )

    assert_queries_do_not_grow(client, [reverse(URL)], grow)


# --- Finished, and after a withdrawal -------------------------------------------------------


def test_a_graduate_sees_her_certificate(client, participant, time_machine):
    at(time_machine, 2026, 11, 1, 10)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CERTIFIED)
    certificate = issued_certificate(participant)
    kinds, page = landing(client, participant.user)
    assert kinds == ["certificate"]
    assert "Congratulations: your certificate is ready." in page
    assert f"Valid until {date_format(certificate.expires_on)}." in page
    assert f'href="{reverse("certificates:mine")}">See my certificate' in page


def test_finished_before_the_certificate_is_issued(client, participant, time_machine):
    at(time_machine, 2026, 9, 10, 10)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.COMPLETED)
    kinds, page = landing(client, participant.user)
    assert kinds == ["certificate_coming"]
    assert "Your certificate is being prepared, and you can choose the name it shows." in page


def test_a_withdrawn_participant_gets_a_calm_note_with_the_contact(client, participant, settings, time_machine):
    at(time_machine, 2026, 5, 10, 10)
    settings.PROGRAM_CONTACT_NAME = "Jamie Contact"
    settings.PROGRAM_CONTACT_EMAIL = "hello@program.example.org"
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    kinds, page = landing(client, participant.user)
    assert kinds == ["withdrawn"]
    assert "You are not taking part in the program at the moment." in page
    assert "Jamie Contact is here for you: hello@program.example.org." in page


def test_steps_are_only_ever_her_own(client, participant, time_machine):
    at(time_machine, 2026, 11, 29, 10)
    other = ParticipantFactory(user=UserFactory(), cohort=participant.cohort)
    at(time_machine, 2026, 11, 1, 12)
    placement_year(other, start=datetime.date(2026, 11, 1))
    at(time_machine, 2026, 11, 29, 10)
    kinds, _ = landing(client, participant.user)
    assert "checkin_due" not in kinds
