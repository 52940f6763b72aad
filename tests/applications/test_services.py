import datetime

import pytest
from django.core import mail

from applications import services
from applications.models import (
    Appeal,
    Application,
    ApplicationEvent,
    InterviewSlot,
    Recommendation,
    RubricCriterion,
)
from cohorts.models import Participant
from tests.applications.factories import on_panel
from tests.factories import ApplicationFactory, CohortFactory

S = Application.Status
IN_WINDOW = datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def staff_user(program_staff):
    return program_staff


@pytest.fixture
def draft(db):
    return ApplicationFactory(cohort=CohortFactory(year=2026))


def submit(application, when=datetime.date(2026, 2, 1)):
    return services.application_submit(application=application, by=application.applicant, today=when)


def token_of(recommendation_email_body: str) -> str:
    return recommendation_email_body.split("/recommend/")[1].split("/")[0]


# --- Eligibility rules, as data ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("exit_year", "exit_month", "today", "eligible"),
    [
        (2020, 12, datetime.date(2026, 1, 1), True),  # five years and a day
        (2021, 1, datetime.date(2026, 1, 30), False),  # one day short
        (2021, None, datetime.date(2026, 12, 30), False),  # year only: counted from Dec 31
        (2021, None, datetime.date(2026, 12, 31), True),
        (2010, None, datetime.date(2026, 2, 1), True),
    ],
)
def test_years_since_exit(draft, exit_year, exit_month, today, eligible):
    draft.eligibility = {**draft.eligibility, "exit_year": exit_year, "exit_month": exit_month}
    result = services.eligibility_check(application=draft, today=today)
    assert result.eligible is eligible
    if not eligible:
        assert "could apply from" in result.reasons[0]


@pytest.mark.django_db
def test_the_number_of_years_is_data_on_the_requirement_set(draft):
    rules = draft.cohort.requirement_set
    rules.min_years_since_exit = 3
    rules.save()
    draft.eligibility = {**draft.eligibility, "exit_year": 2022, "exit_month": 6}
    assert services.eligibility_check(application=draft, today=datetime.date(2026, 2, 1)).eligible


@pytest.mark.django_db
def test_dependency_and_education_rules(draft):
    draft.eligibility = {**draft.eligibility, "free_from_dependency": False, "education": "none"}
    result = services.eligibility_check(application=draft, today=datetime.date(2026, 2, 1))
    assert not result.eligible
    assert len(result.reasons) == 2
    assert "welcome to apply in a later year" in result.reasons[0]
    rules = draft.cohort.requirement_set
    rules.requires_freedom_from_dependency = rules.requires_education = False
    rules.save()
    assert services.eligibility_check(application=draft, today=datetime.date(2026, 2, 1)).eligible


# --- Starting, saving and sending ----------------------------------------------------------


@pytest.mark.django_db
def test_an_application_starts_only_while_the_window_is_open(applicant):
    cohort = CohortFactory(year=2026)
    with pytest.raises(services.ApplicationError) as error:
        services.application_start(applicant=applicant, cohort=cohort, today=datetime.date(2026, 4, 1))
    assert error.value.code == "window_closed"
    first = services.application_start(applicant=applicant, cohort=cohort, today=datetime.date(2026, 2, 1))
    again = services.application_start(applicant=applicant, cohort=cohort, today=datetime.date(2026, 2, 1))
    assert first.pk == again.pk and Application.objects.count() == 1


@pytest.mark.django_db
def test_each_step_saves_and_moves_on(applicant):
    application = services.application_start(
        applicant=applicant, cohort=CohortFactory(year=2026), today=datetime.date(2026, 2, 1)
    )
    services.application_save_step(application=application, step="about", data={"home_state": "GA"})
    services.application_save_step(
        application=application,
        step="eligibility",
        data={"exit_year": 2012, "exit_month": None, "free_from_dependency": True, "education": "diploma"},
    )
    application.refresh_from_db()
    assert application.home_state == "GA"
    assert application.eligibility["education"] == "diploma"
    assert application.current_step == "recommendation"
    # Going back to an earlier step does not move the bookmark backwards.
    services.application_save_step(application=application, step="about", data={"home_state": "KY"})
    application.refresh_from_db()
    assert application.current_step == "recommendation"
    assert services.missing_steps(application) == ["recommendation", "aspiration"]


@pytest.mark.django_db
def test_a_step_saved_with_answers_missing_keeps_the_bookmark_there(applicant):
    application = services.application_start(
        applicant=applicant, cohort=CohortFactory(year=2026), today=datetime.date(2026, 2, 1)
    )
    services.application_save_step(application=application, step="about", data={"home_state": ""})
    application.refresh_from_db()
    assert application.current_step == "about"
    assert services.unanswered(application)["about"] == ["home_state"]
    services.application_save_step(application=application, step="about", data={"home_state": "GA"})
    services.application_save_step(
        application=application,
        step="eligibility",
        data={"exit_year": 2012, "exit_month": None, "free_from_dependency": False, "education": None},
    )
    application.refresh_from_db()
    assert application.current_step == "eligibility"
    # "No" is an answer (eligibility explains it); only the unanswered education is left.
    assert services.unanswered(application)["eligibility"] == ["education"]
    assert services.still_to_answer(application, "eligibility") == ["education"]


@pytest.mark.django_db
def test_what_is_left_follows_the_cohort_rules(draft):
    draft.agency_name = draft.agency_contact_email = ""
    draft.eligibility = {"exit_year": 2012, "free_from_dependency": None, "education": None}
    assert services.unanswered(draft) == {
        "eligibility": ["free_from_dependency", "education"],
        "recommendation": ["agency_name", "agency_contact_email"],
    }
    rules = draft.cohort.requirement_set
    rules.requires_recommendation = rules.requires_education = rules.requires_freedom_from_dependency = False
    assert services.unanswered(draft) == {}


@pytest.mark.django_db
def test_an_incomplete_or_ineligible_application_cannot_be_sent(draft):
    draft.agency_contact_email = ""
    with pytest.raises(services.ApplicationError) as error:
        submit(draft)
    assert error.value.code == "incomplete"
    draft.agency_contact_email = "robin@agency.example.org"
    draft.eligibility = {**draft.eligibility, "exit_year": 2024}
    with pytest.raises(services.ApplicationError) as error:
        submit(draft)
    assert error.value.code == "not_eligible"
    assert Application.objects.get(pk=draft.pk).status == S.DRAFT


@pytest.mark.django_db
def test_sending_asks_the_agency_for_a_recommendation_and_says_thank_you(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED and draft.submitted_at and draft.consent_given_at
    assert draft.events.get().to_status == S.SUBMITTED
    recommendation = draft.recommendations.get()
    assert recommendation.status == Recommendation.Status.PENDING
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["A request for a recommendation", "Your application is complete"]
    for message in mail.outbox:
        assert draft.applicant.display_name not in message.body
        assert "2015" not in message.body  # no answers in email


@pytest.mark.django_db
def test_the_recommendation_email_says_who_asks_and_how_to_check_without_naming_her(
    draft, settings, django_capture_on_commit_callbacks
):
    settings.PROGRAM_NAME = "Peer Support Credential"
    settings.PROGRAM_CONTACT_NAME = "Dana Program Lead"
    settings.PROGRAM_CONTACT_EMAIL = "dana@program.example.org"
    draft.applicant.legal_name = "Ana Legal"
    draft.applicant.save(update_fields=["legal_name"])
    draft.name_for_agency = "Annie"
    draft.save(update_fields=["name_for_agency"])
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_request(application=draft, by=None)
    body = mail.outbox[0].body
    assert "This request comes from Peer Support Credential." in body
    assert "you can write to Dana Program Lead at dana@program.example.org" in body
    for name in ("Annie", "Ana Legal", draft.applicant.display_name):
        assert name not in body
    assert "trafficking" not in body and "exploitation" not in body.lower()


@pytest.mark.django_db
def test_a_double_submit_sends_once(draft):
    submit(draft)
    with pytest.raises(services.TransitionError):
        submit(Application.objects.get(pk=draft.pk))
    stale_copy = Application.objects.get(pk=draft.pk)
    stale_copy.status = S.DRAFT  # a second tab that still thinks it is a draft
    with pytest.raises(services.TransitionError) as error:
        submit(stale_copy)
    assert error.value.code == "stale"
    assert Recommendation.objects.count() == 1 and ApplicationEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_sent_application_cannot_be_edited(draft):
    submit(draft)
    with pytest.raises(services.ApplicationError):
        services.application_save_step(application=draft, step="about", data={"home_state": "AZ"})


# --- Transitions ----------------------------------------------------------------------------

ALL = list(S.values)


@pytest.mark.django_db
@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("to", ALL)
def test_every_transition_is_allowed_or_refused_by_the_table(current, to, staff_user):
    application = ApplicationFactory(status=current)
    if to in services.TRANSITIONS[current]:
        services.application_transition(application=application, to=to, by=staff_user)
        assert Application.objects.get(pk=application.pk).status == to
        event = ApplicationEvent.objects.get()
        assert (event.from_status, event.to_status, event.actor) == (current, to, staff_user)
    else:
        with pytest.raises(services.TransitionError):
            services.application_transition(application=application, to=to, by=staff_user)
        assert Application.objects.get(pk=application.pk).status == current
        assert not ApplicationEvent.objects.exists()


# --- Recommendation links ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_recommendation_link_works_once(draft):
    submit(draft)
    recommendation, token = services.recommendation_request(application=draft, by=None)
    assert services.recommendation_for_token(token) == recommendation
    services.recommendation_submit(
        token=token, relationship="Case manager for 3 years", text="Ready and grounded.", recommends=True
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.RECEIVED and recommendation.text == "Ready and grounded."
    assert Application.objects.get(pk=draft.pk).status == S.UNDER_REVIEW
    with pytest.raises(services.LinkError) as error:
        services.recommendation_submit(token=token, relationship="x", text="again", recommends=True)
    assert error.value.code == "used"


@pytest.mark.django_db
def test_an_expired_a_replaced_and_a_tampered_link_do_not_work(draft, time_machine):
    time_machine.move_to(IN_WINDOW)
    submit(draft)
    old = draft.recommendations.get()
    _recommendation, token = services.recommendation_request(application=draft, by=None)
    old.refresh_from_db()
    assert old.status == Recommendation.Status.REPLACED
    with pytest.raises(services.LinkError):
        services.recommendation_for_token(token[:-1] + ("A" if token[-1] != "A" else "B"))
    time_machine.move_to(IN_WINDOW + datetime.timedelta(days=services.RECOMMENDATION_LINK_DAYS + 1))
    with pytest.raises(services.LinkError) as error:
        services.recommendation_submit(token=token, relationship="x", text="y", recommends=True)
    assert error.value.code == "expired"


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored_and_the_text_is_encrypted(draft):
    from django.db import connection

    submit(draft)
    recommendation, token = services.recommendation_request(application=draft, by=None)
    services.recommendation_submit(token=token, relationship="mentor", text="She listens deeply.", recommends=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash, text FROM applications_recommendation WHERE id = %s", [recommendation.pk])
        token_hash, raw_text = cursor.fetchone()
    assert token not in token_hash and "listens" not in raw_text


# --- Interviews, scores, decisions --------------------------------------------------------------


def _to_interview(application, staff_user, time_machine):
    time_machine.move_to(IN_WINDOW)
    submit(application)
    services.application_transition(application=application, to=S.UNDER_REVIEW, by=staff_user)
    services.interview_invite(application=application, by=staff_user)
    slot = services.interview_slot_create(
        cohort=application.cohort,
        starts_at=IN_WINDOW + datetime.timedelta(days=3),
        duration_minutes=45,
        location="Video link",
        by=staff_user,
    )
    return slot


@pytest.mark.django_db
def test_booking_scoring_and_acceptance_enrols_with_the_fee_due(draft, staff_user, instructor, time_machine):
    slot = _to_interview(draft, staff_user, time_machine)
    interview = services.interview_book(application=draft, slot=slot, by=draft.applicant)
    on_panel(interview, staff_user, instructor)
    other = ApplicationFactory(cohort=draft.cohort, status=S.INTERVIEW_INVITED)
    with pytest.raises(services.ApplicationError) as error:
        services.interview_book(application=other, slot=slot, by=other.applicant)
    assert error.value.code == "slot_taken"

    criteria = list(RubricCriterion.objects.filter(active=True).values_list("pk", flat=True))
    assert criteria, "the default rubric comes from a data migration"
    with pytest.raises(services.ApplicationError) as error:  # not before the interview
        services.interview_score_record(
            interview=interview, interviewer=staff_user, scores=dict.fromkeys(criteria, 4), comments=""
        )
    assert error.value.code == "not_interviewed"
    time_machine.move_to(slot.starts_at + datetime.timedelta(minutes=50))
    with pytest.raises(services.ApplicationError):
        services.interview_score_record(
            interview=interview, interviewer=staff_user, scores={criteria[0]: 4}, comments=""
        )
    with pytest.raises(services.ApplicationError):
        services.interview_score_record(
            interview=interview, interviewer=staff_user, scores=dict.fromkeys(criteria, 6), comments=""
        )
    services.interview_score_record(
        interview=interview, interviewer=staff_user, scores=dict.fromkeys(criteria, 4), comments="warm"
    )
    services.interview_score_record(
        interview=interview, interviewer=instructor, scores=dict.fromkeys(criteria, 5), comments=""
    )
    assert Application.objects.get(pk=draft.pk).status == S.INTERVIEWED
    assert sorted(s.average for s in interview.scores.all()) == [4, 5]

    services.application_decide(application=draft, decision=S.ACCEPTED, by=staff_user)
    participant = Participant.objects.get(user=draft.applicant, cohort=draft.cohort)
    assert participant.fee_due_cents == 350_000
    draft.refresh_from_db()
    assert draft.decision_message.startswith("Congratulations")


@pytest.mark.django_db
def test_acceptance_needs_an_interview_when_the_set_asks_for_one(draft, staff_user, time_machine):
    time_machine.move_to(IN_WINDOW)
    submit(draft)
    services.application_transition(application=draft, to=S.UNDER_REVIEW, by=staff_user)
    with pytest.raises(services.TransitionError) as error:
        services.application_decide(application=draft, decision=S.ACCEPTED, by=staff_user)
    assert error.value.code == "interview_required"
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_a_full_cohort_refuses_acceptance_and_changes_nothing(staff_user):
    application = ApplicationFactory(status=S.INTERVIEWED)
    application.cohort.capacity = 0
    application.cohort.save()
    with pytest.raises(services.TransitionError) as error:
        services.application_decide(application=application, decision=S.ACCEPTED, by=staff_user)
    assert error.value.code == "cohort_full"
    assert Application.objects.get(pk=application.pk).status == S.INTERVIEWED


@pytest.mark.django_db
def test_withdrawing_after_acceptance_withdraws_the_participant(staff_user):
    application = ApplicationFactory(status=S.INTERVIEWED)
    services.application_decide(application=application, decision=S.ACCEPTED, by=staff_user)
    services.application_withdraw(application=application, by=application.applicant)
    assert Participant.objects.get(user=application.applicant).status == Participant.Status.WITHDRAWN


@pytest.mark.django_db
def test_past_interview_times_are_refused(staff_user):
    with pytest.raises(services.ApplicationError):
        services.interview_slot_create(
            cohort=CohortFactory(),
            starts_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
            duration_minutes=30,
            location="x",
            by=staff_user,
        )
    assert not InterviewSlot.objects.exists()


# --- Appeals ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_appeals_within_the_window_and_reconsideration(staff_user, time_machine):
    time_machine.move_to(IN_WINDOW)
    application = ApplicationFactory(status=S.INTERVIEWED)
    services.application_decide(application=application, decision=S.DECLINED, by=staff_user)
    with pytest.raises(services.ApplicationError):
        services.appeal_submit(application=application, reason="   ")
    appeal = services.appeal_submit(application=application, reason="My recommender was away.")
    with pytest.raises(services.ApplicationError) as error:
        services.appeal_submit(application=application, reason="again")
    assert error.value.code == "already_appealed"
    services.appeal_decide(
        appeal=appeal, outcome=Appeal.Outcome.RECONSIDERED, note="New recommendation arrived", by=staff_user
    )
    assert Application.objects.get(pk=application.pk).status == S.UNDER_REVIEW
    with pytest.raises(services.ApplicationError):
        services.appeal_decide(appeal=appeal, outcome=Appeal.Outcome.UPHELD, note="", by=staff_user)


@pytest.mark.django_db
def test_the_appeal_window_closes(staff_user, time_machine):
    time_machine.move_to(IN_WINDOW)
    application = ApplicationFactory(status=S.INTERVIEWED)
    services.application_decide(application=application, decision=S.DECLINED, by=staff_user)
    late = (IN_WINDOW + datetime.timedelta(days=31)).date()
    with pytest.raises(services.ApplicationError) as error:
        services.appeal_submit(application=application, reason="Please look again", today=late)
    assert error.value.code == "appeal_window_closed"


# --- Reminders ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recommenders_are_reminded_at_7_and_14_days_once_each(draft, time_machine):
    time_machine.move_to(IN_WINDOW)
    submit(draft)
    assert services.recommendation_reminders_send() == 0
    time_machine.move_to(IN_WINDOW + datetime.timedelta(days=8))
    assert services.recommendation_reminders_send() == 1
    assert services.recommendation_reminders_send() == 0
    time_machine.move_to(IN_WINDOW + datetime.timedelta(days=15))
    assert services.recommendation_reminders_send() == 1
    assert services.recommendation_reminders_send() == 0
    kinds = list(draft.recommendations.get().application.applicant.notifications.values_list("kind", flat=True))
    assert "recommendation_reminder" not in kinds  # reminders go to the agency, not the applicant


@pytest.mark.django_db
def test_a_recommendation_reminder_waits_seven_days_to_the_minute_and_stops_when_the_link_expires(draft, time_machine):
    # The read is prepared for the whole day; the moment is checked on each run.
    time_machine.move_to(IN_WINDOW)
    submit(draft)
    recommendation = Recommendation.objects.get(application=draft)
    sent = recommendation.created_at
    time_machine.move_to(sent + datetime.timedelta(days=7, minutes=-1))
    assert services.recommendation_reminders_send() == 0
    time_machine.move_to(sent + datetime.timedelta(days=7))
    assert services.recommendation_reminders_send() == 1
    recommendation.expires_at = sent + datetime.timedelta(days=14, hours=1)
    recommendation.save(update_fields=["expires_at"])
    time_machine.move_to(sent + datetime.timedelta(days=14, hours=2))  # the same day, after it expired
    assert services.recommendation_reminders_send() == 0


@pytest.mark.django_db
def test_interview_reminders_go_the_day_before_once(draft, staff_user, time_machine):
    slot = _to_interview(draft, staff_user, time_machine)  # slot three days after IN_WINDOW
    services.interview_book(application=draft, slot=slot, by=draft.applicant)
    assert services.interview_reminders_send() == 0
    time_machine.move_to(IN_WINDOW + datetime.timedelta(days=2))
    assert services.interview_reminders_send() == 1
    assert services.interview_reminders_send() == 0


@pytest.mark.django_db
def test_a_booking_can_be_given_up_and_the_time_is_free_again(draft, staff_user, time_machine):
    slot = _to_interview(draft, staff_user, time_machine)
    services.interview_book(application=draft, slot=slot, by=draft.applicant)
    with pytest.raises(services.TransitionError):
        services.interview_invite(application=draft, by=staff_user)  # not while a time is booked
    services.interview_booking_cancel(application=draft, by=draft.applicant)
    assert Application.objects.get(pk=draft.pk).status == S.INTERVIEW_INVITED
    services.interview_book(application=draft, slot=slot, by=draft.applicant)
    assert Application.objects.get(pk=draft.pk).status == S.INTERVIEW_BOOKED


@pytest.mark.django_db
def test_a_declined_application_reopens_only_through_an_appeal(staff_user):
    application = ApplicationFactory(status=S.DECLINED)
    with pytest.raises(services.TransitionError):
        services.application_transition(application=application, to=S.UNDER_REVIEW, by=staff_user)


@pytest.mark.django_db
def test_the_agency_is_not_contacted_before_the_application_is_sent_or_after_it_closes(draft, staff_user):
    for status in (S.DRAFT, S.ACCEPTED, S.DECLINED, S.WITHDRAWN):
        draft.status = status
        with pytest.raises(services.ApplicationError):
            services.recommendation_contact_replace(
                application=draft, agency_name="A", contact_name="B", contact_email="b@example.org", by=staff_user
            )
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_accepting_someone_already_enrolled_is_refused_cleanly(staff_user):
    from cohorts.services import participant_enroll

    application = ApplicationFactory(status=S.INTERVIEWED)
    participant_enroll(user=application.applicant, cohort=application.cohort)
    with pytest.raises(services.TransitionError) as error:
        services.application_decide(application=application, decision=S.ACCEPTED, by=staff_user)
    assert error.value.code == "already_enrolled"
    assert application.status == S.INTERVIEWED == Application.objects.get(pk=application.pk).status


@pytest.mark.django_db
@pytest.mark.parametrize(("duration", "location"), [(5, "Room 1"), (300, "Room 1"), (45, "   ")])
def test_interview_times_need_a_sensible_length_and_a_place(staff_user, duration, location):
    with pytest.raises(services.ApplicationError):
        services.interview_slot_create(
            cohort=CohortFactory(),
            starts_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
            duration_minutes=duration,
            location=location,
            by=staff_user,
        )


@pytest.mark.django_db
def test_notes_and_decision_messages_cannot_be_empty(staff_user):
    from applications.models import DecisionTemplate

    application = ApplicationFactory(status=S.SUBMITTED)
    for text in ("", "   ", "x" * 5001):
        with pytest.raises(services.ApplicationError):
            services.staff_note_add(application=application, author=staff_user, text=text)
    template = DecisionTemplate.objects.get(kind="accepted", language="en")
    with pytest.raises(services.ApplicationError):
        services.decision_template_update(template=template, body="  ", by=staff_user)
    services.decision_template_update(template=template, body="Welcome!", by=staff_user)
    assert services.decision_message(kind="accepted", language="en") == "Welcome!"


@pytest.mark.django_db
def test_each_real_change_sends_one_news_message(staff_user, django_capture_on_commit_callbacks):
    application = ApplicationFactory(status=S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_invite(application=application, by=staff_user)
        with pytest.raises(services.TransitionError):
            services.interview_invite(application=application, by=staff_user)
    assert [m.subject for m in mail.outbox] == ["There is news about your application"]
