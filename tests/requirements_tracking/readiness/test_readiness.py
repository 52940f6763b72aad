"""Readiness assessments: the person's answers (at interview, before the practicum), staff's
and interviewers' judgements, who may read what, the pages and their query counts, the
pause pages, and the person's data."""

import datetime

import pytest
from django.urls import reverse

from applications.models import Application
from cohorts.models import Participant, ProgramPause
from cohorts.pauses.services import program_pause_start
from cpse.audit.models import AccessLogEntry
from requirements_tracking import data_rights
from requirements_tracking.models import ReadinessAssessment
from requirements_tracking.readiness import services
from requirements_tracking.readiness.questions import PREFER_NOT_TO_SAY, QUESTIONS
from tests.applications.factories import InterviewFactory, on_panel
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow

S = Application.Status
Outcome = ReadinessAssessment.Outcome
INTERVIEW = reverse("readiness:interview")
BEFORE_PRACTICUM = reverse("readiness:before_practicum")
STAFF_LIST = reverse("readiness:staff_list")
NOTE = "My sister checks in on me every Sunday"
STAFF_NOTE = "Agreed a call with the team before each module"


def all_answered(choice=PREFER_NOT_TO_SAY, note="") -> dict:
    """Every question answered with `choice`, or with its first answer ("first")."""
    return {q.key: {"choice": q.choices[0][0] if choice == "first" else choice, "note": note} for q in QUESTIONS}


def form_data(action="send", **overrides) -> dict:
    data = {"action": action}
    for question in QUESTIONS:
        data[question.key] = question.choices[0][0]
        data[f"{question.key}_note"] = ""
    data["people_note"] = NOTE
    data.update(overrides)
    return data


@pytest.fixture
def interview(applicant):
    return InterviewFactory(application__applicant=applicant)


def staff_application_url(application):
    return reverse("readiness:staff_application", args=[application.public_id])


def staff_participant_url(participant):
    return reverse("readiness:staff_participant", args=[participant.public_id])


# --- Services -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_applicant_saves_then_sends_and_a_second_save_changes_the_same_assessment(interview):
    application = interview.application
    draft = services.readiness_self_save(
        application=application, answers={"settled": {"choice": "mostly", "note": " calm "}}, submit=False
    )
    assert draft.self_submitted_at is None
    assert draft.self_answers == {"settled": {"choice": "mostly", "note": "calm"}}
    sent = services.readiness_self_save(application=application, answers=all_answered(), submit=True)
    assert sent.pk == draft.pk and sent.self_submitted_at is not None
    assert ReadinessAssessment.objects.get().self_answers["people"] == {"choice": PREFER_NOT_TO_SAY, "note": ""}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"past": {"choice": "x", "note": ""}}, "unknown_question"),
        ({"settled": {"choice": "perfect", "note": ""}}, "unknown_choice"),
        ({"settled": {"choice": "very", "note": "x" * 501}}, "note_too_long"),
        ({"settled": "very"}, "unknown_question"),
    ],
)
def test_bad_answers_are_refused_with_a_reason(interview, answers, code):
    with pytest.raises(services.ReadinessError) as refused:
        services.readiness_self_save(application=interview.application, answers=answers, submit=False)
    assert refused.value.code == code


@pytest.mark.django_db
def test_answers_go_only_around_the_interview_and_not_after_the_judgement(interview, program_staff):
    application = interview.application
    with pytest.raises(services.ReadinessError) as empty:
        services.readiness_self_save(application=application, answers={}, submit=True)
    assert empty.value.code == "empty"
    services.readiness_self_save(application=application, answers=all_answered(), submit=True)
    services.readiness_judge(application=application, outcome=Outcome.READY, notes=STAFF_NOTE, by=program_staff)
    with pytest.raises(services.ReadinessError) as judged:
        services.readiness_self_save(application=application, answers=all_answered(), submit=True)
    assert judged.value.code == "already_assessed"
    Application.objects.filter(pk=application.pk).update(status=S.ACCEPTED)
    application.refresh_from_db()
    with pytest.raises(services.ReadinessError) as later:
        services.readiness_self_save(application=application, answers=all_answered(), submit=False)
    assert later.value.code == "not_interview_stage"


@pytest.mark.django_db
def test_a_judgement_needs_an_outcome_and_saving_again_corrects_it(interview, program_staff):
    application = interview.application
    with pytest.raises(services.ReadinessError) as missing:
        services.readiness_judge(application=application, outcome="", notes="", by=program_staff)
    assert missing.value.code == "outcome_missing"
    first = services.readiness_judge(
        application=application, outcome=Outcome.MORE_PREPARATION, notes=STAFF_NOTE, by=program_staff
    )
    again = services.readiness_judge(
        application=application, outcome=Outcome.READY_WITH_SUPPORT, notes="", by=program_staff
    )
    assert first.pk == again.pk
    assert (again.outcome, again.staff_notes, again.assessed_by) == (Outcome.READY_WITH_SUPPORT, "", program_staff)
    assert ReadinessAssessment.objects.count() == 1


@pytest.mark.django_db
def test_before_the_practicum_a_judged_round_stays_and_new_answers_start_a_new_round(participant, program_staff):
    first = services.readiness_self_save(participant=participant, answers=all_answered(), submit=True)
    services.readiness_judge(
        participant=participant, outcome=Outcome.MORE_PREPARATION, notes=STAFF_NOTE, by=program_staff
    )
    second = services.readiness_self_save(participant=participant, answers=all_answered("first"), submit=False)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert (first.outcome, first.self_answers["settled"]["choice"]) == (Outcome.MORE_PREPARATION, PREFER_NOT_TO_SAY)
    # Staff's judgement goes to the latest round; `new_round` keeps a judged one as it is.
    judged = services.readiness_judge(participant=participant, outcome=Outcome.READY, notes="", by=program_staff)
    assert judged.pk == second.pk
    third = services.readiness_judge(
        participant=participant, outcome=Outcome.READY, notes="", by=program_staff, new_round=True
    )
    assert third.pk not in (first.pk, second.pk)
    assert ReadinessAssessment.objects.filter(participant=participant).count() == 3


@pytest.mark.django_db
def test_someone_who_left_the_program_is_not_asked(participant):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    participant.refresh_from_db()
    with pytest.raises(services.ReadinessError) as refused:
        services.readiness_self_save(participant=participant, answers=all_answered(), submit=True)
    assert refused.value.code == "not_in_program"


# --- The person's pages -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_applicant_finds_the_questions_from_their_application_and_sends_them(client, interview, applicant):
    client.force_login(applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    assert INTERVIEW in page
    page = client.get(INTERVIEW).content.decode()
    assert "How settled does your life feel right now?" in page and "I would prefer not to say" in page
    response = client.post(INTERVIEW, form_data())
    assert response.status_code == 302
    assessment = ReadinessAssessment.objects.get(application=interview.application)
    assert assessment.self_submitted_at is not None
    assert assessment.self_answers["people"] == {"choice": QUESTIONS[1].choices[0][0], "note": NOTE}
    assert NOTE in client.get(INTERVIEW).content.decode()  # shown again in the form


@pytest.mark.django_db
def test_sending_needs_every_question_and_keeps_what_was_typed(client, interview, applicant):
    client.force_login(applicant)
    response = client.post(INTERVIEW, form_data(settled="", settled_note="Moving house next month"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "you can choose “I would prefer not to say”" in page
    assert "Moving house next month" in page and NOTE in page
    assert not ReadinessAssessment.objects.exists()
    # Saving for later keeps a partial answer.
    assert client.post(INTERVIEW, form_data("save", settled="")).status_code == 302
    assert ReadinessAssessment.objects.get().self_submitted_at is None


@pytest.mark.django_db
def test_after_the_judgement_the_person_reads_their_answers_and_the_teams_notes(
    client, interview, applicant, program_staff
):
    services.readiness_self_save(application=interview.application, answers=all_answered("first", NOTE), submit=True)
    services.readiness_judge(
        application=interview.application, outcome=Outcome.READY_WITH_SUPPORT, notes=STAFF_NOTE, by=program_staff
    )
    client.force_login(applicant)
    page = client.get(INTERVIEW).content.decode()
    assert STAFF_NOTE in page and NOTE in page and "Ready, with support agreed" in page
    assert "Send my answers" not in page
    assert client.post(INTERVIEW, form_data()).status_code == 302
    assert ReadinessAssessment.objects.get().self_answers["settled"]["choice"] == "very"


@pytest.mark.django_db
def test_people_without_an_interview_or_participation_see_a_kind_note(client, applicant, other_participant):
    client.force_login(applicant)
    assert "open once you are invited" in client.get(INTERVIEW).content.decode()
    assert client.post(INTERVIEW, form_data()).status_code == 404
    assert client.post(BEFORE_PRACTICUM, form_data()).status_code == 404


@pytest.mark.django_db
def test_the_participant_answers_before_the_practicum_from_their_practicum_page(client, participant):
    client.force_login(participant.user)
    assert BEFORE_PRACTICUM in client.get(reverse("practicum:mine")).content.decode()
    assert BEFORE_PRACTICUM in client.get(reverse("requirements_tracking:mine")).content.decode()
    assert client.post(BEFORE_PRACTICUM, form_data()).status_code == 302
    assert ReadinessAssessment.objects.get(participant=participant).stage == ReadinessAssessment.Stage.BEFORE_PRACTICUM


# --- Staff and interviewers --------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_read_the_answers_record_the_judgement_and_the_view_is_logged(client, interview, program_staff):
    application = interview.application
    services.readiness_self_save(application=application, answers=all_answered("first", NOTE), submit=True)
    client.force_login(program_staff)
    page = client.get(staff_application_url(application)).content.decode()
    assert NOTE in page
    assert AccessLogEntry.objects.filter(
        viewer=program_staff, subject=application.applicant, record_kind=AccessLogEntry.RecordKind.APPLICATION
    ).exists()
    response = client.post(staff_application_url(application), {"outcome": Outcome.READY, "notes": STAFF_NOTE})
    assert response.status_code == 302
    assessment = ReadinessAssessment.objects.get()
    assert (assessment.outcome, assessment.staff_notes, assessment.assessed_by) == (
        Outcome.READY,
        STAFF_NOTE,
        program_staff,
    )


@pytest.mark.django_db
def test_an_instructor_judges_only_interviews_on_their_panel(client, interview, instructor):
    client.force_login(instructor)
    score_page = reverse("applications_staff:score", args=[interview.application.public_id])
    assert client.get(staff_application_url(interview.application)).status_code == 404
    assert client.get(score_page).status_code == 404  # not on the panel: not even the rubric
    on_panel(interview, instructor)
    assert staff_application_url(interview.application) in client.get(score_page).content.decode()
    response = client.post(
        staff_application_url(interview.application), {"outcome": Outcome.MORE_PREPARATION, "notes": STAFF_NOTE}
    )
    assert response.status_code == 302
    assert ReadinessAssessment.objects.get().assessed_by == instructor
    # The participant pages are program staff's only.
    assert client.get(staff_participant_url(ParticipantFactory())).status_code == 403


@pytest.mark.django_db
def test_a_bad_judgement_keeps_the_notes_typed(client, participant, program_staff):
    client.force_login(program_staff)
    response = client.post(staff_participant_url(participant), {"outcome": "", "notes": STAFF_NOTE})
    assert response.status_code == 200
    assert STAFF_NOTE in response.content.decode() and "Please choose an outcome." in response.content.decode()
    assert not ReadinessAssessment.objects.exists()


@pytest.mark.django_db
def test_the_staff_list_costs_the_same_with_few_or_many_rows(client, program_staff, cohort):
    def add(count):
        for _ in range(count):
            person = ParticipantFactory(cohort=cohort)
            services.readiness_self_save(participant=person, answers=all_answered(), submit=True)
            interview = InterviewFactory(application__cohort=cohort)
            services.readiness_self_save(application=interview.application, answers=all_answered(), submit=True)
            other = ParticipantFactory(cohort=cohort)
            services.readiness_judge(participant=other, outcome=Outcome.MORE_PREPARATION, notes="", by=program_staff)
            paused = ParticipantFactory(cohort=cohort)
            program_pause_start(
                participant=paused,
                plan="A plan",
                return_on=datetime.date.today() + datetime.timedelta(days=30),
                by=program_staff,
            )

    add(2)
    client.force_login(program_staff)
    urls = [STAFF_LIST, f"{STAFF_LIST}?show=pauses", f"{STAFF_LIST}?show=preparation"]
    assert_queries_do_not_grow(client, urls, lambda: add(6))
    page = client.get(STAFF_LIST).content.decode()
    assert (
        page.count(
            reverse(
                "readiness:staff_application",
                args=[ReadinessAssessment.objects.filter(stage="interview").first().application.public_id],
            )
        )
        == 1
    )


# --- Pausing through the pages -------------------------------------------------------------------


@pytest.mark.django_db
def test_more_preparation_leads_to_a_pause_the_participant_sees_calmly_and_staff_end_it(
    client, participant, program_staff
):
    services.readiness_judge(
        participant=participant, outcome=Outcome.MORE_PREPARATION, notes=STAFF_NOTE, by=program_staff
    )
    client.force_login(program_staff)
    pause_url = reverse("readiness:pause_start", args=[participant.public_id])
    assert pause_url in client.get(staff_participant_url(participant)).content.decode()
    return_on = datetime.date.today() + datetime.timedelta(days=45)
    # No confirmation: the form again with the plan kept.
    response = client.post(pause_url, {"plan": "Grounding practice", "return_on": return_on.isoformat()})
    assert response.status_code == 200 and "Grounding practice" in response.content.decode()
    assert not ProgramPause.objects.exists()
    response = client.post(
        pause_url, {"plan": "Grounding practice", "return_on": return_on.isoformat(), "confirm": "on"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ON_LEAVE

    client.force_login(participant.user)
    for page in (reverse("cohorts:my_program"), reverse("requirements_tracking:mine")):
        text = client.get(page).content.decode()
        assert "Your program is paused until" in text and "Your progress is kept." in text
        assert "Grounding practice" in text

    client.force_login(program_staff)
    later = return_on + datetime.timedelta(days=10)
    extend = reverse("readiness:pause_extend", args=[participant.public_id])
    assert client.post(extend, {"return_on": later.isoformat()}).status_code == 302
    assert ProgramPause.objects.get().return_on == later
    end = reverse("readiness:pause_end", args=[participant.public_id])
    assert client.post(end, {}).status_code == 200  # the confirmation box is needed
    assert client.post(end, {"confirm": "on"}).status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENROLLED
    assert ProgramPause.objects.get().ended_on == datetime.date.today()


@pytest.mark.django_db
def test_a_bad_return_date_is_shown_next_to_its_field(client, participant, program_staff):
    client.force_login(program_staff)
    response = client.post(
        reverse("readiness:pause_start", args=[participant.public_id]),
        {"plan": "Rest", "return_on": datetime.date.today().isoformat(), "confirm": "on"},
    )
    assert response.status_code == 200
    assert "The return date must be after today." in response.content.decode()


# --- The person's data ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_persons_data_holds_their_answers_and_the_notes_and_erasure_removes_them(
    interview, applicant, program_staff
):
    services.readiness_self_save(application=interview.application, answers=all_answered("first", NOTE), submit=True)
    services.readiness_judge(
        application=interview.application, outcome=Outcome.READY, notes=STAFF_NOTE, by=program_staff
    )
    exported = data_rights.export_readiness(applicant)
    assert exported[0]["notes"] == STAFF_NOTE
    assert {
        "question": "How settled does your life feel right now?",
        "answer": "Very settled",
        "your_words": NOTE,
    } in exported[0]["your_answers"]
    data_rights.erase_readiness(program_staff)
    assert ReadinessAssessment.objects.get().assessed_by is None
    data_rights.erase_readiness(applicant)
    assert not ReadinessAssessment.objects.exists()


@pytest.mark.django_db
def test_more_preparation_waits_for_a_plan_until_a_pause_or_a_later_round(
    participant, other_participant, program_staff
):
    from requirements_tracking.readiness.selectors import more_preparation_not_paused

    for person in (participant, other_participant):
        services.readiness_judge(participant=person, outcome=Outcome.MORE_PREPARATION, notes="", by=program_staff)
    assert {a.participant_id for a in more_preparation_not_paused()} == {participant.pk, other_participant.pk}
    program_pause_start(
        participant=participant,
        plan="A plan",
        return_on=datetime.date.today() + datetime.timedelta(days=20),
        by=program_staff,
    )
    services.readiness_judge(
        participant=other_participant, outcome=Outcome.READY, notes="", by=program_staff, new_round=True
    )
    assert list(more_preparation_not_paused()) == []


@pytest.mark.django_db
def test_the_staff_participant_page_links_to_readiness(client, participant, program_staff):
    client.force_login(program_staff)
    page = client.get(reverse("cohorts_staff:participant_detail", args=[participant.public_id])).content.decode()
    assert staff_participant_url(participant) in page


@pytest.mark.django_db
def test_the_persons_pages_keep_their_query_count_as_rounds_add_up(client, participant, interview, applicant):
    def add_rounds(count):
        for _ in range(count):
            services.readiness_self_save(participant=participant, answers=all_answered(note=NOTE), submit=True)
            ReadinessAssessment.objects.filter(participant=participant).update(outcome=Outcome.READY)

    add_rounds(3)
    client.force_login(participant.user)
    assert_queries_do_not_grow(client, [BEFORE_PRACTICUM], lambda: add_rounds(30))
    services.readiness_self_save(application=interview.application, answers=all_answered(), submit=False)
    client.force_login(applicant)
    assert_queries_do_not_grow(client, [INTERVIEW], lambda: ParticipantFactory.create_batch(30))
