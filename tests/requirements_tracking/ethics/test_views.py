"""The code of ethics pages: the participant's (read, acknowledge, earlier versions) and
staff's (versions, publish with a confirmation, who acknowledged), and the prompt on the
participant's progress page and "My program"."""

import pytest
from django.urls import reverse

from cohorts.models import Participant
from requirements_tracking.ethics.services import ethics_acknowledge
from requirements_tracking.models import EthicsAcknowledgment, EthicsCode
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.ethics.test_services import BODY, publish

MINE = reverse("ethics:mine")
ACKNOWLEDGE = reverse("ethics:acknowledge")
PUBLISH = reverse("ethics:staff_publish")
STAFF_LIST = reverse("ethics:staff_list")
ACKNOWLEDGMENTS = reverse("ethics:staff_acknowledgments")
PROMPT = 'id="ethics-prompt-heading"'
NEW_VERSION_PROMPT = "The code of ethics has a new version"


# --- The participant ---------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_published_yet_is_a_calm_empty_state(client, participant):
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "is not published yet" in page
    assert PROMPT not in client.get(reverse("requirements_tracking:mine")).content.decode()


@pytest.mark.django_db
def test_the_participant_reads_and_acknowledges_the_current_version(client, participant, program_staff):
    publish(program_staff)
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert '<h3 class="h5 mt-4">Boundaries</h3>' in page
    assert "<p>We are peers, not friends.</p>" in page
    assert (
        "<p>Line one<br>line two</p>" in client.get(reverse("ethics:version", kwargs={"version": 1})).content.decode()
    )
    assert "I have read the code of ethics and will follow it" in page
    response = client.post(ACKNOWLEDGE, {"version": "1", "confirm": "on"}, follow=True)
    page = response.content.decode()
    assert "Your acknowledgment is saved" in page
    assert "You acknowledged version 1 on" in page
    assert EthicsAcknowledgment.objects.filter(participant=participant, code__version=1).count() == 1
    again = client.post(ACKNOWLEDGE, {"version": "1", "confirm": "on"}, follow=True).content.decode()
    assert "You had already acknowledged this version" in again
    assert EthicsAcknowledgment.objects.filter(participant=participant).count() == 1


@pytest.mark.django_db
def test_an_unticked_box_is_explained_and_saves_nothing(client, participant, program_staff):
    publish(program_staff)
    client.force_login(participant.user)
    response = client.post(ACKNOWLEDGE, {"version": "1"})
    assert response.status_code == 200
    assert "Please tick the box to say you have read the code of ethics." in response.content.decode()
    assert not EthicsAcknowledgment.objects.exists()


@pytest.mark.django_db
def test_a_page_left_open_while_a_new_version_came_out_is_refused_kindly(client, participant, program_staff):
    publish(program_staff)
    publish(program_staff, changes="A section about social media.")
    client.force_login(participant.user)
    page = client.post(ACKNOWLEDGE, {"version": "1", "confirm": "on"}, follow=True).content.decode()
    assert "A newer version of the code of ethics was published" in page
    assert not EthicsAcknowledgment.objects.exists()


@pytest.mark.django_db
def test_staff_html_is_shown_as_text_never_run(client, participant, program_staff):
    publish(program_staff, body="<script>alert(1)</script>\n\nBe <b>kind</b>.")
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Be &lt;b&gt;kind&lt;/b&gt;." in page


@pytest.mark.django_db
def test_a_new_version_shows_what_changed_and_earlier_versions_stay_readable(client, participant, program_staff):
    first = publish(program_staff, title="First code")
    ethics_acknowledge(participant=participant, code=first)
    publish(program_staff, title="Second code", changes="Added a section on gifts.")
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Second code" in page and "Added a section on gifts." in page
    assert "since you acknowledged version 1" in page
    assert reverse("ethics:version", kwargs={"version": 1}) in page
    earlier = client.get(reverse("ethics:version", kwargs={"version": 1})).content.decode()
    assert "First code" in earlier and "You acknowledged this version on" in earlier
    assert client.get(reverse("ethics:version", kwargs={"version": 3})).status_code == 404


@pytest.mark.django_db
def test_the_prompt_shows_on_the_progress_page_and_my_program_until_acknowledged(client, participant, program_staff):
    first = publish(program_staff)
    client.force_login(participant.user)
    pages = [reverse("requirements_tracking:mine"), reverse("cohorts:my_program")]
    for url in pages:
        assert PROMPT in client.get(url).content.decode(), url
    ethics_acknowledge(participant=participant, code=first)
    for url in pages:
        assert PROMPT not in client.get(url).content.decode(), url
    publish(program_staff, changes="Clearer.")
    for url in pages:
        assert NEW_VERSION_PROMPT in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_no_prompt_for_someone_who_withdrew(client, participant, program_staff):
    publish(program_staff)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    client.force_login(participant.user)
    assert PROMPT not in client.get(reverse("cohorts:my_program")).content.decode()


# --- Staff: publishing -------------------------------------------------------------------

FORM = {"title": "Code of ethics", "body": BODY, "changes": ""}


@pytest.mark.django_db
def test_publishing_asks_for_a_confirmation_first(client, program_staff, cohort):
    client.force_login(program_staff)
    form = FORM | {"credential": str(cohort.credential_id)}
    confirm = client.post(PUBLISH, form).content.decode()
    assert "Everyone will be asked to acknowledge again" in confirm
    assert "Publish version 1" in confirm
    assert not EthicsCode.objects.exists()
    # Going back keeps what was typed.
    back = client.post(PUBLISH, form | {"edit": "1"}).content.decode()
    assert "We are peers, not friends." in back and 'value="Code of ethics"' in back
    response = client.post(PUBLISH, form | {"publish": "1"})
    code = EthicsCode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ethics:staff_detail", kwargs={"pk": code.pk})
    assert (code.version, code.published_by, code.body) == (1, program_staff, BODY)


@pytest.mark.django_db
def test_a_second_version_without_what_changed_is_refused_next_to_the_field(client, program_staff, cohort):
    publish(program_staff)
    client.force_login(program_staff)
    response = client.post(PUBLISH, FORM | {"credential": str(cohort.credential_id), "publish": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please say what changed" in page
    assert "We are peers, not friends." in page  # nothing typed is lost
    assert EthicsCode.objects.count() == 1


@pytest.mark.django_db
def test_an_empty_form_is_explained(client, program_staff, cohort):
    client.force_login(program_staff)
    page = client.post(PUBLISH, {"credential": str(cohort.credential_id)}).content.decode()
    assert "Please give the code a title." in page and "Please write the code of ethics itself." in page


@pytest.mark.django_db
def test_instructors_read_the_versions_but_may_not_publish(client, instructor, program_staff):
    code = publish(program_staff)
    client.force_login(instructor)
    page = client.get(STAFF_LIST).content.decode()
    assert "Code of ethics" in page and "Publish a new version" not in page
    assert client.get(reverse("ethics:staff_detail", kwargs={"pk": code.pk})).status_code == 200
    assert client.post(PUBLISH, FORM).status_code == 403


# --- Staff: lists and their query counts -------------------------------------------------


@pytest.mark.django_db
def test_the_acknowledgment_list_filters_and_costs_the_same_for_3_or_30(client, program_staff, cohort):
    code = publish(program_staff)
    people = [ParticipantFactory(cohort=cohort, user__display_name=f"Person {n:02}") for n in range(3)]
    ethics_acknowledge(participant=people[0], code=code)
    client.force_login(program_staff)
    page = client.get(ACKNOWLEDGMENTS, {"cohort": cohort.pk, "status": "due"}).content.decode()
    assert "Person 01" in page and "Person 02" in page and "Person 00" not in page
    page = client.get(ACKNOWLEDGMENTS, {"cohort": cohort.pk, "status": "acknowledged"}).content.decode()
    assert "Person 00" in page and "Person 01" not in page
    page = client.get(ACKNOWLEDGMENTS, {"version": "1"}).content.decode()
    assert "Version 1 (current)" in page and "Person 01" not in page

    def grow():
        for n in range(27):
            person = ParticipantFactory(cohort=cohort)
            if n % 2:
                ethics_acknowledge(participant=person, code=code)
        publish(program_staff, changes="Clearer.")

    assert_queries_do_not_grow(
        client, [ACKNOWLEDGMENTS, f"{ACKNOWLEDGMENTS}?cohort={cohort.pk}&status=due", STAFF_LIST], grow
    )


@pytest.mark.django_db
def test_a_bad_filter_is_ignored(client, program_staff, cohort):
    client.force_login(program_staff)
    response = client.get(ACKNOWLEDGMENTS, {"cohort": "nope", "version": "x"})
    assert response.status_code == 200


# --- The requirement-set editor and the cohort grid ----------------------------------------


@pytest.mark.django_db
def test_staff_tick_the_ethics_requirement_into_an_unused_set(client, program_staff, cohort):
    from cohorts import services as cohort_services
    from tests.cohorts.staff.test_views import form_data

    unused = cohort_services.requirement_set_copy(source=cohort.requirement_set, name="Next year")
    url = reverse("cohorts_staff:requirement_set_edit", args=[unused.pk])
    client.force_login(program_staff)
    data = form_data(client.get(url).context["form"])
    assert "ethics_required" not in data
    response = client.post(url, data | {"ethics_required": "on"})
    assert response.status_code == 302
    ethics = unused.requirements.get(kind="ethics")
    assert ethics.amount == 1
    # Shown ticked, not as a group with an amount; unticking removes it.
    form = client.get(url).context["form"]
    assert form["ethics_required"].value() is True
    assert all(group["requirement"].kind != "ethics" for group in form.groups())
    assert client.post(url, form_data(form) | {"ethics_required": ""}).status_code == 302
    assert not unused.requirements.filter(kind="ethics").exists()


@pytest.mark.django_db
def test_the_grid_and_its_spreadsheet_say_who_acknowledged(
    client, program_staff, cohort, participant, other_participant
):
    from tests.requirements_tracking.ethics.test_services import with_ethics_requirement

    with_ethics_requirement(cohort)
    ethics_acknowledge(participant=participant, code=publish(program_staff))
    client.force_login(program_staff)
    page = client.get(reverse("requirements_tracking_staff:grid")).content.decode()
    assert "Code of ethics acknowledged" in page
    assert page.count("Not yet acknowledged") == 1 and ">Acknowledged<" in page
    sheet = client.get(reverse("requirements_tracking_staff:grid_download")).content.decode()
    assert "Code of ethics acknowledged: result" in sheet
    rows = {line.split(",")[0]: line for line in sheet.splitlines()[1:]}
    assert "Acknowledged" in rows["Participant Cora"] and "Not yet acknowledged" in rows["Participant Dee"]
