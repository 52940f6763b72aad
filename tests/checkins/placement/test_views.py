import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.models import CheckIn, Placement, PlacementPause
from checkins.placement.services import pause_end, pause_start, placement_record
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.hours.test_views import value as typed_value

D = datetime.date
MINE = reverse("placements:mine")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 10, 15, tzinfo=datetime.UTC))


def form(**overrides):
    return {
        "agency": "Harbor Light",
        "role": "residential_care",
        "role_other": "",
        "terms": "paid",
        "start_date": "2027-01-04",
        "supervisor_name": "Sam",
        "supervisor_email": "sam@harbor.example.org",
        "supervisor_phone": "",
        **overrides,
    }


def staff_url(name, participant):
    return reverse(f"placements:{name}", args=[participant.public_id])


@pytest.mark.django_db
def test_the_participant_records_a_placement_and_sees_the_schedule(client, participant):
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "You have not recorded a placement yet" in page
    response = client.post(MINE, form())
    assert response.status_code == 302
    placement = Placement.objects.get(participant=participant)
    assert placement.recorded_by == participant.user
    page = client.get(MINE).content.decode()
    assert "Harbor Light" in page and "0 of 12 check-ins are done" in page
    assert CheckIn.objects.filter(participant=participant).count() == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"agency": ""}, "Please name the agency."),
        ({"role": "other"}, "Please describe the role in a few words."),
        ({"supervisor_email": "not-an-email"}, "Please enter an email address"),
        ({"start_date": "2028-06-01"}, "The start date can be at most a year from today."),
        ({"start_date": "04/01/2027"}, "Please enter a date"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, participant, overrides, message):
    client.force_login(participant.user)
    response = client.post(MINE, form(supervisor_name="Sam Ñandú 👩🏽", **overrides))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "Sam Ñandú 👩🏽" in page
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_a_withdrawn_participant_sees_but_cannot_record(client, participant):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    client.force_login(participant.user)
    assert "Record your placement" not in client.get(MINE).content.decode()
    response = client.post(MINE, form(), follow=True)
    assert not Placement.objects.exists()
    assert "A placement can be recorded while" in response.content.decode()


@pytest.mark.django_db
def test_double_submit_makes_one_placement(client, participant):
    client.force_login(participant.user)
    client.post(MINE, form())
    client.post(MINE, form())
    # The second is a change of placement on the same day, not a duplicate current one.
    assert Placement.objects.filter(participant=participant, end_date__isnull=True).count() == 1


@pytest.mark.django_db
def test_staff_record_end_pause_and_resume(client, participant, program_staff):
    client.force_login(program_staff)
    detail = staff_url("staff_detail", participant)
    assert client.get(detail).status_code == 200
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user).exists()
    assert client.post(detail, form()).status_code == 302
    # Pause: a date is needed; the reason is kept encrypted and shown to staff.
    pause = staff_url("staff_pause", participant)
    assert "Please enter the first day of the pause." in client.post(pause, {"starts_on": ""}).content.decode()
    assert client.post(pause, {"starts_on": "2027-02-01", "reason": "Surgery"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "Surgery" in page and "still paused" in page
    resume = staff_url("staff_resume", participant)
    assert "cannot be before the pause started" in client.post(resume, {"ends_on": "2027-01-20"}).content.decode()
    assert client.post(resume, {"ends_on": "2027-02-11"}).status_code == 302
    assert PlacementPause.objects.get(participant=participant).ends_on == D(2027, 2, 11)
    # Ending asks first.
    end = staff_url("staff_end", participant)
    assert "Yes, end this placement" in client.get(end).content.decode()
    assert client.post(end, {"end_date": "2027-03-01"}).status_code == 302
    assert Placement.objects.get(participant=participant).end_date == D(2027, 3, 1)
    assert "There is no current placement to end." in client.get(end).content.decode()


@pytest.mark.django_db
def test_the_participant_never_sees_the_pause_reason(client, participant, program_staff):
    placement_record(
        participant=participant, agency="A", role="advocacy", terms="paid", start_date=D(2027, 1, 4), by=program_staff
    )
    pause_start(participant=participant, starts_on=D(2027, 1, 8), reason="Hospital stay", by=program_staff)
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "paused since" in page and "Hospital stay" not in page


def _history(participant, program_staff):
    details = {"role": "advocacy", "terms": "paid", "by": program_staff}
    placement_record(participant=participant, agency="A0", start_date=D(2026, 5, 1), **details)

    def grow():
        for n in range(1, 6):
            placement_record(participant=participant, agency=f"A{n}", start_date=D(2026, 5, 1 + n * 3), **details)
            pause_start(participant=participant, starts_on=D(2026, 5, 2 + n * 3), reason="r", by=program_staff)
            pause_end(participant=participant, ends_on=D(2026, 5, 3 + n * 3), by=program_staff)
        CheckIn.objects.filter(participant=participant, number__lte=4).update(
            submitted_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
        )

    return grow


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["program_staff", "participant"])
def test_the_pages_cost_the_same_with_more_history(client, participant, program_staff, viewer):
    grow = _history(participant, program_staff)
    if viewer == "participant":
        client.force_login(participant.user)
        url = MINE
    else:
        client.force_login(program_staff)
        url = staff_url("staff_detail", participant)
    counts = assert_queries_do_not_grow(client, [url], grow)
    print(f"{viewer} placement page queries:", counts)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    agency=typed_value,
    role=st.one_of(typed_value, st.sampled_from(Placement.Role.values)),
    start_date=st.one_of(typed_value, st.dates(D(2026, 1, 1), D(2028, 12, 31)).map(str)),
    supervisor_email=st.one_of(typed_value, st.just("")),
)
def test_the_placement_form_never_fails_and_keeps_what_was_typed(
    client, participant, agency, role, start_date, supervisor_email
):
    Placement.objects.all().delete()
    CheckIn.objects.all().delete()
    client.force_login(participant.user)
    sent = form(agency=agency, role=role, start_date=start_date, supervisor_email=supervisor_email)
    response = client.post(MINE, sent)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        kept = response.context["form"].data
        assert kept.get("agency") == agency and kept.get("supervisor_email") == supervisor_email
        assert not Placement.objects.exists()
    else:
        assert Placement.objects.get().agency == agency.strip()


@pytest.mark.django_db
def test_the_participant_corrects_their_placement(client, participant):
    client.force_login(participant.user)
    assert client.get(reverse("placements:correct")).status_code == 302  # nothing to correct yet
    client.post(MINE, form())
    page = client.get(reverse("placements:correct")).content.decode()
    assert 'value="Harbor Light"' in page and 'value="2027-01-04"' in page
    response = client.post(reverse("placements:correct"), form(agency="Harbor Light House", supervisor_name="Kim"))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.agency, placement.supervisor_name) == ("Harbor Light House", "Kim")
    response = client.post(reverse("placements:correct"), form(agency=""))
    assert "Please name the agency." in response.content.decode()


@pytest.mark.django_db
def test_staff_correct_a_placement(client, participant, program_staff):
    placement_record(
        participant=participant, agency="A", role="advocacy", terms="paid", start_date=D(2027, 1, 4), by=program_staff
    )
    client.force_login(program_staff)
    assert client.post(staff_url("staff_correct", participant), form(start_date="2026-12-04")).status_code == 302
    assert Placement.objects.get().start_date == D(2026, 12, 4)
    assert CheckIn.objects.get(participant=participant, number=1).due_on == D(2027, 1, 4)
