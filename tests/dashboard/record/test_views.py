"""The participant record (program staff): every section, the timeline (check-ins without
their answers, capped with "show all"), the access log, 404s, a fixed query count; and the
record's history: changes of the person's rows (private fields only "(changed)") and views."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from checkins.models import CheckIn
from cohorts import services as cohort_services
from cohorts.models import ParticipantStatusChange
from cpse.audit.models import AccessLogEntry
from dashboard.record.selectors import TIMELINE_CAP
from tests.dashboard.dashboard_fixtures import participant_with_everything
from tests.queries import assert_queries_do_not_grow


def record_url(participant) -> str:
    return reverse("participant_record:record", args=[participant.public_id])


def history_url(participant) -> str:
    return reverse("participant_record:history", args=[participant.public_id])


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.mark.django_db
def test_the_record_shows_every_section_and_links_to_where_things_are_done(staff, participant):
    participant_with_everything(participant)
    page = staff.get(record_url(participant)).content.decode()
    for heading in ("Application", "Progress", "Exam", "Certificate", "Placement and check-ins", "Fee and sponsors"):
        assert f'-heading" class="h4">{heading}</h2>' in page
    application = participant.user.applications.get()
    assert reverse("applications_staff:detail", args=[application.public_id]) in page
    assert reverse("checkins_staff:participant", args=[participant.public_id]) in page
    assert reverse("sponsors_finance:participant_fee", args=[participant.public_id]) in page
    assert history_url(participant) in page
    assert "Check-ins sent: 1 of 12." in page


@pytest.mark.django_db
def test_the_timeline_says_a_check_in_was_sent_never_what_it_said(staff, participant):
    participant_with_everything(participant)
    CheckIn.objects.filter(participant=participant, number=1).update(work_going="A very private sentence")
    response = staff.get(record_url(participant))
    labels = [event.label for event in response.context["record"].timeline]
    assert "Check-in 1 sent" in labels
    assert any(label.startswith("1.00 hours approved") or "hours approved" in label for label in labels)
    assert any("Payment received" in label for label in labels)
    assert "A very private sentence" not in response.content.decode()
    at = [event.at for event in response.context["record"].timeline]
    assert at == sorted(at, reverse=True)


@pytest.mark.django_db
def test_a_long_timeline_is_capped_with_a_link_to_all_of_it(staff, participant):
    participant_with_everything(participant, rows=12)
    response = staff.get(record_url(participant))
    record = response.context["record"]
    assert len(record.timeline) == TIMELINE_CAP
    assert record.timeline_more
    assert "?timeline=all#timeline" in response.content.decode()
    everything = staff.get(record_url(participant), {"timeline": "all"}).context["record"]
    assert len(everything.timeline) > TIMELINE_CAP
    assert not everything.timeline_more


@pytest.mark.django_db
def test_opening_the_record_is_written_to_the_access_log(staff, participant, program_staff):
    staff.get(record_url(participant))
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind) == (
        program_staff,
        participant.user,
        AccessLogEntry.RecordKind.PARTICIPANT,
    )


@pytest.mark.django_db
def test_an_empty_record_has_empty_states(staff, participant):
    page = staff.get(record_url(participant)).content.decode()
    assert "No application on record" in page
    assert "No placement yet." in page
    assert "Nothing has happened yet." in page


@pytest.mark.django_db
def test_unknown_participant_is_404(staff):
    import uuid

    assert staff.get(reverse("participant_record:record", args=[uuid.uuid4()])).status_code == 404
    assert staff.get(reverse("participant_record:history", args=[uuid.uuid4()])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_the_record_costs_the_same_with_few_or_many_rows(staff, participant):
    participant_with_everything(participant, rows=1)
    assert_queries_do_not_grow(
        staff,
        [record_url(participant), record_url(participant) + "?timeline=all", history_url(participant)],
        lambda: participant_with_everything(participant, rows=15),
    )


@pytest.mark.django_db
def test_the_history_lists_changes_of_the_persons_rows_and_who_opened_the_record(
    staff, participant, other_participant, program_staff
):
    cohort_services.participant_leave(participant=participant, by=program_staff, reason="Family matters")
    cohort_services.participant_leave(participant=other_participant, by=program_staff, reason="")
    staff.get(record_url(participant))
    changes = staff.get(history_url(participant))
    entries = list(changes.context["page_obj"].object_list)
    participant_type = ContentType.objects.get_for_model(type(participant))
    assert entries and all(
        entry.content_type != participant_type or entry.object_pk == str(participant.pk) for entry in entries
    )
    change_type = ContentType.objects.get_for_model(ParticipantStatusChange)
    status = next(entry for entry in entries if entry.content_type == change_type)
    assert status.object_pk == str(participant.status_changes.get().pk)
    assert any(change.new == "on_leave" for change in status.field_changes)
    views = staff.get(history_url(participant), {"show": "views"})
    assert [entry.viewer for entry in views.context["page_obj"].object_list] == [program_staff]


@pytest.mark.django_db
def test_private_fields_in_the_history_show_only_that_they_changed(staff, participant):
    checkin = CheckIn.objects.create(participant=participant, number=1, due_on="2026-12-01")
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(CheckIn),
        object_pk=str(checkin.pk),
        object_repr="Check-in",
        action=LogEntry.Action.UPDATE,
        changes={"wellbeing": ["gAAAAciphertext-old", "gAAAAciphertext-new"], "number": ["1", "2"]},
    )
    page = staff.get(history_url(participant)).content.decode()
    assert "(changed)" in page
    assert "ciphertext" not in page
    assert "1 → 2" in page


@pytest.mark.django_db
def test_the_cohort_page_the_grid_and_the_board_link_to_the_record(staff, participant):
    participant_with_everything(participant)
    link = record_url(participant)
    cohort_page = reverse("cohorts_staff:cohort_detail", args=[participant.cohort_id])
    grid = f"{reverse('requirements_tracking_staff:grid')}?cohort={participant.cohort_id}"
    for url in (cohort_page, grid, reverse("checkins_staff:board")):
        assert link in staff.get(url).content.decode(), url
