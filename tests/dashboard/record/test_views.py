"""The participant record (program staff): its pages and every section, the timeline
(check-ins without their answers, capped with "show all"), the access log on every page,
404s, a fixed query count within the budget; and the record's history: changes of the
person's rows (private fields only "(changed)") and views."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from applications.models import ApplicationEvent
from checkins.models import CheckIn
from cohorts import services as cohort_services
from cohorts.models import ParticipantStatusChange
from cpse.audit.models import AccessLogEntry
from dashboard.record.selectors import TABS, TIMELINE_CAP
from tests.applications.factories import SentApplicationFactory
from tests.dashboard.dashboard_fixtures import participant_with_everything
from tests.queries import MAX_QUERIES, assert_queries_do_not_grow, queries_for


def record_url(participant, page: str = "record") -> str:
    return reverse(f"participant_record:{page}", args=[participant.public_id])


def page_urls(participant) -> list[str]:
    return [record_url(participant, tab.name) for tab in TABS]


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
    for heading in ("Application", "Progress", "Exam", "Certificate"):
        assert f'-heading" class="h4">{heading}</h2>' in page
    application = participant.user.applications.get()
    assert reverse("applications_staff:detail", args=[application.public_id]) in page
    assert history_url(participant) in page
    placement = staff.get(record_url(participant, "placement")).content.decode()
    assert '-heading" class="h4">Placement and check-ins</h2>' in placement
    assert reverse("checkins_staff:participant", args=[participant.public_id]) in placement
    assert "Check-ins sent: 1 of 12." in placement
    fees = staff.get(record_url(participant, "fees")).content.decode()
    assert '-heading" class="h4">Fee and sponsors</h2>' in fees
    assert reverse("sponsors_finance:participant_fee", args=[participant.public_id]) in fees


@pytest.mark.django_db
def test_every_page_of_the_record_links_to_the_others_and_marks_its_own(staff, participant):
    for tab in TABS:
        page = staff.get(record_url(participant, tab.name)).content.decode()
        for other in TABS:
            assert f'href="{record_url(participant, other.name)}"' in page
        assert f'aria-current="page" href="{record_url(participant, tab.name)}"' in page
        assert f"<h1>{participant.user}</h1>" in page


@pytest.mark.django_db
def test_the_timeline_says_a_check_in_was_sent_never_what_it_said(staff, participant):
    participant_with_everything(participant)
    CheckIn.objects.filter(participant=participant, number=1).update(work_going="A very private sentence")
    response = staff.get(record_url(participant, "timeline"))
    labels = [event.label for event in response.context["record"].timeline]
    assert "Check-in 1 sent" in labels
    assert any(label.startswith("1.00 hours approved") or "hours approved" in label for label in labels)
    assert any("Payment received" in label for label in labels)
    assert "A very private sentence" not in response.content.decode()
    at = [event.at for event in response.context["record"].timeline]
    assert at == sorted(at, reverse=True)


@pytest.mark.django_db
def test_the_timeline_says_an_interview_moved_not_that_it_was_booked_again(staff, participant):
    application = SentApplicationFactory(applicant=participant.user, cohort=participant.cohort)
    for change in ("", ApplicationEvent.Change.INTERVIEW_MOVED):
        ApplicationEvent.objects.create(
            application=application, from_status="interview_booked", to_status="interview_booked", change=change
        )
    labels = [event.label for event in staff.get(record_url(participant, "timeline")).context["record"].timeline]
    cohort = participant.cohort
    assert f"Application to the {cohort}: Interview moved to another time" in labels
    assert f"Application to the {cohort}: Interview booked" in labels


@pytest.mark.django_db
def test_a_long_timeline_is_capped_with_a_link_to_all_of_it(staff, participant):
    participant_with_everything(participant, rows=12)
    response = staff.get(record_url(participant, "timeline"))
    record = response.context["record"]
    assert len(record.timeline) == TIMELINE_CAP
    assert record.timeline_more
    assert "?timeline=all#timeline" in response.content.decode()
    everything = staff.get(record_url(participant, "timeline"), {"timeline": "all"}).context["record"]
    assert len(everything.timeline) > TIMELINE_CAP
    assert not everything.timeline_more
    # The capped timeline is the newest events of the whole one.
    assert everything.timeline[:TIMELINE_CAP] == record.timeline


@pytest.mark.django_db
def test_opening_any_page_of_the_record_is_written_to_the_access_log(staff, participant, program_staff):
    for url in page_urls(participant):
        staff.get(url)
    entries = list(AccessLogEntry.objects.filter(record_kind=AccessLogEntry.RecordKind.PARTICIPANT))
    assert len(entries) == len(TABS)
    assert {(entry.viewer, entry.subject) for entry in entries} == {(program_staff, participant.user)}
    # The overview also shows the contact card: one more row, of its own kind.
    assert AccessLogEntry.objects.exclude(pk__in=[entry.pk for entry in entries]).get().record_kind == (
        AccessLogEntry.RecordKind.CONTACT
    )


@pytest.mark.django_db
def test_an_empty_record_has_empty_states(staff, participant):
    assert "No application on record" in staff.get(record_url(participant)).content.decode()
    assert "No placement yet." in staff.get(record_url(participant, "placement")).content.decode()
    assert "Nothing has happened yet." in staff.get(record_url(participant, "timeline")).content.decode()


@pytest.mark.django_db
def test_unknown_participant_is_404(staff):
    import uuid

    for tab in TABS:
        assert staff.get(reverse(tab.url_name, args=[uuid.uuid4()])).status_code == 404
    assert staff.get(reverse("participant_record:history", args=[uuid.uuid4()])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_the_record_costs_the_same_with_few_or_many_rows(staff, participant):
    participant_with_everything(participant, rows=1)
    urls = [*page_urls(participant), record_url(participant, "timeline") + "?timeline=all", history_url(participant)]
    assert_queries_do_not_grow(staff, urls, lambda: participant_with_everything(participant, rows=15))
    for url in urls:
        assert queries_for(staff, url) <= MAX_QUERIES, url


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
    assert any(change.new == "On leave" for change in status.field_changes)
    views = staff.get(history_url(participant), {"show": "views"})
    # The overview and its contact card: two rows.
    assert [entry.viewer for entry in views.context["page_obj"].object_list] == [program_staff, program_staff]


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


@pytest.mark.django_db
def test_the_progress_table_puts_only_hours_under_the_hour_columns(staff, participant):
    """The exam, observed practice and the code of ethics are passed once: their result
    in words spans the hour columns, never as "0" or "1" hours."""
    page = staff.get(record_url(participant)).content.decode()
    table = page.split('id="progress-heading"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col" class="text-end">Hours approved</th>' in table
    rows = {row.split("</th>", 1)[0]: row for row in table.split('<th scope="row">')[1:]}
    assert '<td colspan="3">Not yet taken</td>' in rows["Final exam"]
    assert '<td colspan="3">0 of ' in rows["Observed practice"]
    assert 'class="text-end"' not in rows["Final exam"] + rows["Observed practice"]
    assert rows["Online instruction"].count('class="text-end"') == 3
