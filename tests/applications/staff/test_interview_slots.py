"""Interview times for program staff: several at once (a day, a length, a gap), changing
and deleting a time nobody has booked, and times that never overlap."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, InterviewSlot
from tests.applications.factories import InterviewFactory, InterviewSlotFactory
from tests.factories import CohortFactory
from tests.queries import assert_queries_do_not_grow

S = Application.Status
SERIES = reverse("applications_staff:interview_slot_series")
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
NOW = datetime.datetime(2027, 1, 20, 12, tzinfo=LOCAL)
MOST = services.MAX_INTERVIEW_TIMES_AT_ONCE


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def cohort(db):
    return CohortFactory(year=2027)


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LOCAL)


def series_data(cohort, **changes) -> dict:
    return {
        "cohort": cohort.pk,
        "day": "2027-02-03",
        "first": "09:00",
        "until": "12:00",
        "duration_minutes": "45",
        "gap_minutes": "15",
        "location": "Community room, 2nd floor",
        **changes,
    }


def slot_data(**changes) -> dict:
    return {"starts_at": "2027-02-04T14:30", "duration_minutes": "60", "location": "Room 3", **changes}


def edit_url(slot) -> str:
    return reverse("applications_staff:interview_slot_edit", args=[slot.public_id])


def delete_url(slot) -> str:
    return reverse("applications_staff:interview_slot_delete", args=[slot.public_id])


def starts() -> list[datetime.datetime]:
    return [timezone.localtime(moment) for moment in InterviewSlot.objects.values_list("starts_at", flat=True)]


# --- Several at once --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_morning_of_interviews_in_the_programs_time_zone(client, cohort, program_staff):
    client.force_login(program_staff)
    page = client.get(f"{SERIES}?cohort={cohort.pk}").content.decode()
    assert "Add several interview times" in page and settings.TIME_ZONE in page
    response = client.post(SERIES, series_data(cohort), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('applications_staff:interviews')}?cohort={cohort.pk}"
    assert "3 interview times are added" in response.content.decode()
    # 9:00, 10:00, 11:00 (11:45 + 15 minutes leaves no room for another before 12:00).
    assert starts() == [local(2027, 2, 3, 9), local(2027, 2, 3, 10), local(2027, 2, 3, 11)]
    slots = InterviewSlot.objects.all()
    assert {(s.cohort, s.duration_minutes, s.location, s.created_by) for s in slots} == {
        (cohort, 45, "Community room, 2nd floor", program_staff)
    }


@pytest.mark.django_db
def test_the_wall_clock_holds_on_the_day_the_clocks_change(cohort, program_staff):
    # 2027-03-14: clocks go forward in America/New_York; 9:00 is still 9:00 local.
    services.interview_slot_create_series(
        cohort=cohort,
        day=datetime.date(2027, 3, 14),
        first=datetime.time(9),
        until=datetime.time(11),
        duration_minutes=60,
        gap_minutes=0,
        location="Room 1",
        by=program_staff,
    )
    assert [(moment.hour, moment.minute) for moment in starts()] == [(9, 0), (10, 0)]


@pytest.mark.django_db
def test_at_most_so_many_at_once(cohort, program_staff):
    def add(count, day):
        return services.interview_slot_create_series(
            cohort=cohort,
            day=day,
            first=datetime.time(7),
            until=(datetime.datetime(2027, 1, 1, 7) + datetime.timedelta(minutes=10 * count)).time(),
            duration_minutes=10,
            gap_minutes=0,
            location="Room 1",
            by=program_staff,
        )

    assert len(add(MOST, datetime.date(2027, 2, 3))) == MOST
    with pytest.raises(services.ApplicationError) as error:
        add(MOST + 1, datetime.date(2027, 2, 4))
    assert error.value.code == "too_many_times"
    assert InterviewSlot.objects.count() == MOST


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing", "clash"),
    [
        ((local(2027, 2, 3, 10, 30), 45), "10:30"),  # inside the second interview
        ((local(2027, 2, 3, 8, 30), 45), "8:30"),  # runs into the first
        ((local(2027, 2, 3, 11, 44), 10), "11:44"),  # the last minute of the last
    ],
)
def test_overlaps_with_existing_times_are_refused_and_keep_what_was_typed(
    client, cohort, program_staff, existing, clash
):
    InterviewSlotFactory(cohort=cohort, starts_at=existing[0], duration_minutes=existing[1])
    client.force_login(program_staff)
    data = series_data(cohort, location="Room 7, by the garden")
    response = client.post(SERIES, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This overlaps the interview time on" in page and clash in page and "time)" in page
    assert 'value="Room 7, by the garden"' in page and 'value="09:00"' in page and 'value="2027-02-03"' in page
    assert InterviewSlot.objects.count() == 1


@pytest.mark.django_db
def test_times_that_only_touch_do_not_overlap_and_other_cohorts_do_not_count(client, cohort, program_staff):
    InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 3, 8), duration_minutes=60)  # ends at 9:00
    InterviewSlotFactory(cohort=CohortFactory(year=2028), starts_at=local(2027, 2, 3, 10), duration_minutes=60)
    client.force_login(program_staff)
    assert client.post(SERIES, series_data(cohort)).status_code == 302
    assert InterviewSlot.objects.filter(cohort=cohort).count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"day": ""}, "day", "Please give the day of the interviews."),
        ({"day": "3 February"}, "day", "Please enter a date"),
        ({"first": "nine"}, "first", "Please enter a time"),
        ({"until": "08:00"}, "until", "Please choose an end after the first start."),
        ({"until": "09:30"}, "until", "No interview fits between these times."),
        ({"duration_minutes": "5"}, "duration_minutes", "at least 10 minutes"),
        ({"gap_minutes": "-5"}, "gap_minutes", "between 0 and 240 minutes"),
        ({"gap_minutes": ""}, "gap_minutes", "0 for none"),
        ({"first": "07:00", "until": "19:00", "duration_minutes": "10", "gap_minutes": "0"}, "until", "at most 20"),
        ({"day": "2027-01-19"}, "first", "must be in the future"),
        ({"location": ""}, "location", "Please give a place or a video link."),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_keeps_what_was_typed(
    client, cohort, program_staff, changes, field, message
):
    client.force_login(program_staff)
    data = series_data(cohort, **changes)
    response = client.post(SERIES, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "Everything you typed is still here" in page
    for name, value in data.items():
        assert form[name].value() in (value, str(value)), name
    assert not InterviewSlot.objects.exists()


@pytest.mark.django_db
def test_one_time_added_on_its_own_cannot_overlap_either(client, cohort, program_staff):
    InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 14), duration_minutes=45)
    client.force_login(program_staff)
    response = client.post(reverse("applications_staff:interview_slot_create"), {"cohort": cohort.pk, **slot_data()})
    assert response.status_code == 200
    assert "This overlaps the interview time on" in " ".join(response.context["slot_form"].errors["starts_at"])
    assert InterviewSlot.objects.count() == 1


# --- Change and delete ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_open_time_is_changed(client, cohort, program_staff):
    slot = InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 9), duration_minutes=45)
    client.force_login(program_staff)
    interviews = client.get(f"{reverse('applications_staff:interviews')}?cohort={cohort.pk}").content.decode()
    assert edit_url(slot) in interviews and reverse("applications_staff:interview_slot_series") in interviews
    assert 'value="2027-02-04T09:00"' in client.get(edit_url(slot)).content.decode()  # local wall clock
    response = client.post(edit_url(slot), slot_data(), follow=True)
    assert "The interview time is changed." in response.content.decode()
    slot.refresh_from_db()
    assert (timezone.localtime(slot.starts_at), slot.duration_minutes, slot.location) == (
        local(2027, 2, 4, 14, 30),
        60,
        "Room 3",
    )


@pytest.mark.django_db
def test_a_change_that_overlaps_another_time_is_refused_and_keeps_what_was_typed(client, cohort, program_staff):
    slot = InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 9))
    InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 15), duration_minutes=45)
    client.force_login(program_staff)
    response = client.post(edit_url(slot), slot_data(location="Room 9"))
    assert response.status_code == 200
    assert "This overlaps the interview time on" in " ".join(response.context["form"].errors["starts_at"])
    assert 'value="Room 9"' in response.content.decode()
    slot.refresh_from_db()
    assert timezone.localtime(slot.starts_at) == local(2027, 2, 4, 9)
    # Its own old time does not count as an overlap.
    assert client.post(edit_url(slot), slot_data(starts_at="2027-02-04T09:15")).status_code == 302


@pytest.mark.django_db
def test_an_open_time_is_deleted_after_confirmation(client, cohort, program_staff):
    slot = InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 9))
    client.force_login(program_staff)
    page = client.get(delete_url(slot)).content.decode()
    assert "Do you want to delete the interview time" in page and "Yes, delete this time" in page
    assert InterviewSlot.objects.exists()
    response = client.post(delete_url(slot), follow=True)
    assert "The interview time is deleted." in response.content.decode()
    assert not InterviewSlot.objects.exists()
    # Deleted: the time is no longer found.
    assert client.get(delete_url(slot)).status_code == 404


@pytest.mark.django_db
def test_a_booked_time_changes_only_once_staff_tick_that_the_applicant_is_told(client, cohort, program_staff):
    interview = InterviewFactory(
        application__cohort=cohort, application__applicant__display_name="Marisol", slot__starts_at=local(2027, 2, 4, 9)
    )
    slot = interview.slot
    client.force_login(program_staff)
    for url in (edit_url(slot), delete_url(slot)):
        page = client.get(url).content.decode()
        assert "Someone has booked this time" in page and "tick the box below" in page
        assert "Marisol" in page and 'name="applicant_told"' in page
    # Without the tick: refused next to the box, and what was typed is kept.
    response = client.post(edit_url(slot), slot_data(location="Room 9"))
    page = response.content.decode()
    assert "the applicant who booked this time is told of the change" in page and 'value="Room 9"' in page
    response = client.post(delete_url(slot))
    assert "the applicant who booked this time is told." in response.content.decode()
    slot.refresh_from_db()
    assert (timezone.localtime(slot.starts_at), slot.duration_minutes) == (local(2027, 2, 4, 9), 45)
    for service, arguments in (
        (services.interview_slot_delete, {}),
        (
            services.interview_slot_change,
            {"starts_at": local(2027, 2, 4, 10), "duration_minutes": 45, "location": "Room 3"},
        ),
    ):
        with pytest.raises(services.ApplicationError) as error:
            service(slot=slot, by=program_staff, **arguments)
        assert error.value.code == "slot_booked"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["instructor", "finance", "applicant"])
def test_only_program_staff_add_change_or_delete_times(client, cohort, persona_user, persona):
    slot = InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 9))
    client.force_login(persona_user(persona))
    assert client.post(SERIES, series_data(cohort)).status_code == 403
    assert client.post(edit_url(slot), slot_data()).status_code == 403
    assert client.post(delete_url(slot)).status_code == 403
    assert InterviewSlot.objects.count() == 1


@pytest.mark.django_db
def test_the_pages_cost_the_same_with_few_or_many_times(client, cohort, program_staff):
    slot = InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 4, 9))
    client.force_login(program_staff)

    def grow():
        for n in range(10):
            InterviewSlotFactory(cohort=cohort, starts_at=local(2027, 2, 5, 9) + datetime.timedelta(hours=n))
        CohortFactory.create_batch(3)

    assert_queries_do_not_grow(client, [SERIES, edit_url(slot), delete_url(slot)], grow)
