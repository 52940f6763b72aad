"""Interview times, the rubric, and the decision messages (program staff and instructors)."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from applications import selectors, services
from applications.models import (
    Application,
    DecisionTemplate,
    InterviewerAssignment,
    InterviewScore,
    InterviewSlot,
    RubricCriterion,
)
from tests.applications.factories import (
    InterviewFactory,
    InterviewScoreFactory,
    InterviewSlotFactory,
    SentApplicationFactory,
    in_days,
    on_panel,
)
from tests.factories import CohortFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

S = Application.Status


def local_input(moment: datetime.datetime) -> str:
    """How a browser's date-time field sends a time: local, without a zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def slot_data(cohort, **changes) -> dict:
    return {
        "cohort": cohort.pk,
        "starts_at": local_input(in_days(10)),
        "duration_minutes": "45",
        "location": "Community room, 2nd floor",
        **changes,
    }


# --- Interview times --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["program_staff", "instructor"])
def test_the_interview_times_show_who_booked_each(client, persona_user, persona):
    older, latest = CohortFactory(year=2026), CohortFactory(year=2027)
    booked = InterviewFactory(
        application__cohort=latest, application__applicant__display_name="Marisol", slot__starts_at=in_days(7)
    )
    open_slot = InterviewSlotFactory(cohort=latest, location="Open room")
    InterviewSlotFactory(cohort=older, location="Last year's room")
    user = persona_user(persona)
    on_panel(booked, user)
    on_panel(open_slot, user)
    client.force_login(user)
    page = client.get(reverse("applications_staff:interviews")).content.decode()
    assert "Marisol" in page and "Open room" in page
    assert "Last year" not in page  # the latest cohort unless another is chosen
    assert reverse("applications_staff:score", args=[booked.application.public_id]) in page
    detail = reverse("applications_staff:detail", args=[booked.application.public_id])
    # Instructors score interviews; the application itself is for program staff.
    assert (f'href="{detail}"' in page) is (persona == "program_staff")
    assert ("Add an interview time" in page) is (persona == "program_staff")


@pytest.mark.django_db
def test_earlier_times_and_another_cohort(client, program_staff):
    cohort = CohortFactory(year=2026)
    CohortFactory(year=2027)
    InterviewSlotFactory(cohort=cohort, starts_at=in_days(-3), location="Held last week")
    client.force_login(program_staff)
    url = reverse("applications_staff:interviews")
    assert "Held last week" not in client.get(url, {"cohort": cohort.pk}).content.decode()
    assert "Held last week" in client.get(url, {"cohort": cohort.pk, "past": "on"}).content.decode()


@pytest.mark.django_db
def test_no_cohorts_yet(client, program_staff):
    client.force_login(program_staff)
    assert "No cohorts yet." in client.get(reverse("applications_staff:interviews")).content.decode()


@pytest.mark.django_db
def test_program_staff_add_an_interview_time_in_local_time(client, program_staff, settings):
    cohort = CohortFactory(year=2027)
    client.force_login(program_staff)
    when = timezone.localtime(in_days(10)).replace(hour=14, minute=30, second=0, microsecond=0)
    response = client.post(
        reverse("applications_staff:interview_slot_create"), slot_data(cohort, starts_at=local_input(when))
    )
    assert response.status_code == 302
    slot = InterviewSlot.objects.get()
    assert slot.starts_at == when
    assert slot.starts_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).hour == 14
    assert (slot.cohort, slot.duration_minutes, slot.created_by) == (cohort, 45, program_staff)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"starts_at": local_input(in_days(-1))}, "An interview time must be in the future."),
        ({"starts_at": "next tuesday"}, "Please give a date and time"),
        ({"location": ""}, "Please give a place or a video link."),
        ({"duration_minutes": "5"}, "An interview takes at least 10 minutes."),
        ({"duration_minutes": "600"}, "An interview takes at most 240 minutes."),
    ],
)
def test_bad_interview_times_are_explained_and_keep_what_was_typed(client, program_staff, changes, error):
    cohort = CohortFactory(year=2027)
    client.force_login(program_staff)
    data = slot_data(cohort, **changes)
    response = client.post(reverse("applications_staff:interview_slot_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert response.context["slot_form"].data["location"] == data["location"]
    if data["location"]:
        assert f'value="{data["location"]}"' in page
    assert not InterviewSlot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["instructor", "finance", "sponsor", "applicant"])
def test_only_program_staff_add_interview_times(client, persona_user, persona):
    cohort = CohortFactory(year=2027)
    client.force_login(persona_user(persona))
    assert client.post(reverse("applications_staff:interview_slot_create"), slot_data(cohort)).status_code == 403
    assert not InterviewSlot.objects.exists()


# --- The rubric ------------------------------------------------------------------------------


def rubric_data(value: int | None = 4, comments: str = "", skip: int = 0) -> dict:
    criteria = list(RubricCriterion.objects.filter(active=True).values_list("pk", flat=True))
    data = {f"criterion_{pk}": str(value) for pk in criteria[skip:]}
    return {**data, "comments": comments}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["program_staff", "instructor"])
def test_an_interviewer_records_their_scores(client, persona_user, persona):
    interview = InterviewFactory()
    interviewer = persona_user(persona)
    on_panel(interview, interviewer)
    client.force_login(interviewer)
    url = reverse("applications_staff:score", args=[interview.application.public_id])
    page = client.get(url).content.decode()
    assert "Readiness for peer work" in page  # criteria as radio buttons with their descriptions
    assert "Stable in their own recovery" in page
    assert page.count('type="radio"') == 5 * RubricCriterion.objects.filter(active=True).count()
    response = client.post(url, rubric_data(4, "Warm, grounded"))
    assert response.status_code == 302
    score = InterviewScore.objects.get(interview=interview, interviewer=interviewer)
    assert set(score.scores.values()) == {4} and score.comments == "Warm, grounded"
    assert Application.objects.get(pk=interview.application.pk).status == S.INTERVIEWED


@pytest.mark.django_db
def test_scoring_opens_when_the_interview_starts(client, instructor, time_machine):
    starts = datetime.datetime(2027, 2, 4, 10, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    time_machine.move_to(starts - datetime.timedelta(minutes=1))
    interview = InterviewFactory(slot__starts_at=starts)
    on_panel(interview, instructor)
    client.force_login(instructor)
    url = reverse("applications_staff:score", args=[interview.application.public_id])
    page = client.get(url).content.decode()
    assert "Scoring opens when the interview starts: Feb. 4, 2027, 10 a.m. (America/New York time)" in page
    assert 'type="radio"' not in page and "Save my scores" not in page
    # Sent anyway (an old tab): nothing is recorded, the same page says when.
    response = client.post(url, rubric_data(4, "Too early"))
    assert response.status_code == 200 and "Scoring opens when the interview starts" in response.content.decode()
    assert not InterviewScore.objects.exists()
    time_machine.move_to(starts)
    page = client.get(url).content.decode()
    assert "Scoring opens" not in page and "Save my scores" in page
    assert client.post(url, rubric_data(4, "On time")).status_code == 302
    assert InterviewScore.objects.get().comments == "On time"


@pytest.mark.django_db
def test_the_rubric_shows_my_earlier_scores(client, instructor):
    score = InterviewScoreFactory(interviewer=instructor, comments="First thoughts")
    first = RubricCriterion.objects.filter(active=True).first()
    score.scores = {**score.scores, str(first.pk): 2}
    score.save()
    client.force_login(instructor)
    response = client.get(reverse("applications_staff:score", args=[score.interview.application.public_id]))
    page = response.content.decode()
    assert "You have scored this interview before." in page
    assert "First thoughts" in page
    assert response.context["form"][f"criterion_{first.pk}"].value() == 2


@pytest.mark.django_db
def test_a_missing_score_keeps_the_comments(client, program_staff):
    interview = InterviewFactory()
    on_panel(interview, program_staff)
    client.force_login(program_staff)
    url = reverse("applications_staff:score", args=[interview.application.public_id])
    response = client.post(url, rubric_data(3, "Keep me", skip=1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose a score from 1 to 5." in page
    assert "Keep me" in page
    assert not InterviewScore.objects.exists()
    assert "Please choose a score from 1 to 5." in client.post(url, rubric_data(9)).content.decode()


@pytest.mark.django_db
def test_no_interview_no_rubric(client, program_staff):
    client.force_login(program_staff)
    application = SentApplicationFactory()
    assert client.get(reverse("applications_staff:score", args=[application.public_id])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["finance", "sponsor", "applicant"])
def test_others_cannot_score(client, persona_user, persona):
    interview = InterviewFactory()
    client.force_login(persona_user(persona))
    url = reverse("applications_staff:score", args=[interview.application.public_id])
    assert client.get(url).status_code == 403
    assert client.post(url, rubric_data(5)).status_code == 403
    assert not InterviewScore.objects.exists()


# --- Decision messages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_program_staff_edit_the_decision_messages(client, program_staff):
    client.force_login(program_staff)
    url = reverse("applications_staff:decision_templates")
    response = client.get(url)
    formset = response.context["formset"]
    assert len(formset.forms) == DecisionTemplate.objects.count() == 6
    assert "Accepted (English)" in response.content.decode()
    data = {
        "form-TOTAL_FORMS": "6",
        "form-INITIAL_FORMS": "6",
        **{f"form-{i}-id": str(form.instance.pk) for i, form in enumerate(formset.forms)},
        **{f"form-{i}-body": form.instance.body for i, form in enumerate(formset.forms)},
        "form-0-body": "Welcome to the program, with joy.",
    }
    assert client.post(url, data).status_code == 302
    assert DecisionTemplate.objects.get(pk=formset.forms[0].instance.pk).body == "Welcome to the program, with joy."

    data["form-1-body"] = "   "
    data["form-0-body"] = "Changed again"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A message cannot be empty." in response.content.decode()
    assert "Changed again" in response.content.decode()  # what was typed stays
    assert DecisionTemplate.objects.get(pk=formset.forms[0].instance.pk).body == "Welcome to the program, with joy."


@pytest.mark.django_db
def test_the_decision_messages_page_adds_no_rows(client, program_staff):
    client.force_login(program_staff)
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-body": "A new one"}
    client.post(reverse("applications_staff:decision_templates"), data)
    assert DecisionTemplate.objects.count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["instructor", "finance", "sponsor", "applicant"])
def test_only_program_staff_edit_decision_messages(client, persona_user, persona):
    client.force_login(persona_user(persona))
    assert client.get(reverse("applications_staff:decision_templates")).status_code == 403


# --- The panel: who interviews --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_instructor_sees_and_scores_only_interviews_on_their_panel(client, instructor):
    cohort = CohortFactory(year=2027)
    mine = InterviewFactory(application__cohort=cohort, application__applicant__display_name="Marisol")
    other = InterviewFactory(application__cohort=cohort, application__applicant__display_name="Teresa")
    on_panel(mine, instructor)
    client.force_login(instructor)
    page = client.get(reverse("applications_staff:interviews"), {"cohort": cohort.pk, "past": "on"}).content.decode()
    assert "Marisol" in page and "Teresa" not in page
    url = reverse("applications_staff:score", args=[other.application.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, rubric_data(5)).status_code == 404
    assert not InterviewScore.objects.exists()


@pytest.mark.django_db
def test_program_staff_off_the_panel_cannot_score_either(client, program_staff):
    interview = InterviewFactory()
    client.force_login(program_staff)
    url = reverse("applications_staff:score", args=[interview.application.public_id])
    page = client.get(url).content.decode()
    assert "You are not on this interview" in page and "Save my scores" not in page
    client.post(url, rubric_data(4))
    assert not InterviewScore.objects.exists()
    with pytest.raises(services.ApplicationError) as error:
        services.interview_score_record(interview=interview, interviewer=program_staff, scores={}, comments="")
    assert error.value.code == "not_on_panel"


@pytest.mark.django_db
def test_staff_choose_the_panel_and_every_change_is_kept(client, program_staff, instructor):
    slot = InterviewSlotFactory()
    other = UserFactory(roles=[Role.INSTRUCTOR], display_name="Ines Instructor")
    client.force_login(program_staff)
    url = reverse("applications_staff:interview_panel", args=[slot.public_id])
    page = client.get(url).content.decode()
    assert "Ines Instructor" in page
    # Nobody chosen: a clear message, nothing changed.
    assert "Please choose at least one interviewer." in client.post(url, {}).content.decode()
    assert not InterviewerAssignment.objects.exists()
    assert client.post(url, {"interviewers": [instructor.pk, other.pk]}).status_code == 302
    assert set(selectors.panel_of(slot)) == {instructor, other}
    client.post(url, {"interviewers": [other.pk, program_staff.pk]})
    assert set(selectors.panel_of(slot)) == {other, program_staff}
    removed = InterviewerAssignment.objects.get(interviewer=instructor)
    assert (removed.removed_by, removed.removed_at is not None) == (program_staff, True)
    assert InterviewerAssignment.objects.count() == 3  # the log of who was assigned when
    listing = client.get(reverse("applications_staff:interviews"), {"cohort": slot.cohort_id}).content.decode()
    assert "Ines Instructor" in listing


@pytest.mark.django_db
def test_an_applicant_or_participant_is_never_on_a_panel(program_staff, participant):
    slot = InterviewSlotFactory()
    participant.user.groups.add(Group.objects.get(name=Role.INSTRUCTOR))
    with pytest.raises(services.ApplicationError) as error:
        services.interview_panel_set(slot=slot, interviewers=[participant.user], by=program_staff)
    assert error.value.code == "panel_not_allowed"
    assert participant.user not in selectors.interview_panel_candidates()


@pytest.mark.django_db
def test_the_interview_list_costs_the_same_with_bigger_panels(client, program_staff):
    cohort = CohortFactory(year=2027)
    client.force_login(program_staff)

    def grow():
        for _number in range(5):
            interview = InterviewFactory(application__cohort=cohort, slot__starts_at=in_days(3))
            on_panel(interview, UserFactory(roles=[Role.INSTRUCTOR]), UserFactory(roles=[Role.INSTRUCTOR]))

    on_panel(InterviewFactory(application__cohort=cohort, slot__starts_at=in_days(3)), program_staff)
    assert_queries_do_not_grow(client, [f"{reverse('applications_staff:interviews')}?cohort={cohort.pk}"], grow)
