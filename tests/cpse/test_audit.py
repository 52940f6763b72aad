import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from cohorts import services as cohort_services
from cohorts.models import ParticipantStatusChange
from cpse.audit.models import AccessLogEntry
from cpse.crypto import EncryptedTextField
from tests.factories import ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow


@pytest.mark.django_db
def test_changes_are_recorded_with_who_made_them(client, program_staff, participant):
    client.force_login(program_staff)
    from auditlog.context import set_actor

    with set_actor(program_staff):
        participant.status = "on_leave"
        participant.save()
    entry = LogEntry.objects.get_for_object(participant).latest("timestamp")
    assert entry.actor == program_staff
    assert entry.changes["status"] == ["enrolled", "on_leave"]
    assert entry.remote_addr is None  # where people connect from is not kept


@pytest.mark.django_db
def test_encrypted_fields_never_enter_the_change_history():
    user = UserFactory(safe_contact_note="call after 6pm")
    user.safe_contact_note = "only text, never call"
    user.display_name = "New name"
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        text = str(entry.changes) + entry.changes_text
        assert "6pm" not in text and "never call" not in text
        assert "safe_contact_note" not in entry.changes
        assert "password" not in entry.changes


def test_every_tracked_model_leaves_its_encrypted_fields_out():
    from auditlog.registry import auditlog

    for model in auditlog.get_models():
        excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
        encrypted = {f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)}
        assert encrypted <= excluded, model


@pytest.mark.django_db
def test_role_changes_are_recorded(program_staff):
    user = UserFactory()
    user.groups.add(*program_staff.groups.all())
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk), changes__has_key="groups"
    ).exists()


@pytest.mark.django_db
def test_opening_a_persons_record_in_the_back_office_is_logged_without_content(client, superuser, participant):
    client.force_login(superuser)
    url = reverse("admin:cohorts_participant_change", args=[participant.pk])
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind) == (superuser, participant.user, "participant")
    assert participant.user.display_name not in str(entry.__dict__)


@pytest.mark.django_db
def test_nobody_can_edit_the_logs_even_a_superuser(client, superuser, participant):
    client.force_login(superuser)
    client.get(reverse("admin:cohorts_participant_change", args=[participant.pk]))
    entry = AccessLogEntry.objects.get()
    assert client.post(reverse("admin:audit_accesslogentry_change", args=[entry.pk]), {}).status_code == 403
    assert (
        client.post(reverse("admin:audit_accesslogentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    change = LogEntry.objects.first()
    assert client.post(reverse("admin:auditlog_logentry_change", args=[change.pk]), {}).status_code == 403
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db
def test_the_audit_page_shows_changes_and_views(client, program_staff, participant, superuser):
    participant.status = "on_leave"
    participant.save()
    client.force_login(superuser)
    client.get(reverse("admin:cohorts_participant_change", args=[participant.pk]))
    client.force_login(program_staff)
    changes = client.get(reverse("dashboard:audit")).content.decode()
    assert "Status: Enrolled → On leave" in changes
    views = client.get(reverse("dashboard:audit") + "?show=views").content.decode()
    assert "Participant record" in views


@pytest.mark.django_db
def test_the_audit_page_query_count_does_not_grow(client, program_staff, participant):
    client.force_login(program_staff)

    def views_of_new_people(count):
        for _ in range(count):
            AccessLogEntry.objects.create(viewer=program_staff, subject=UserFactory(), record_kind="account")

    def changes_of_new_participants(count):
        # Rows of several kinds naming people, participants and cohorts: their names cost
        # one query per kind of row, not one per row.
        for _ in range(count):
            person = ParticipantFactory(cohort=participant.cohort)
            with set_actor(program_staff):
                cohort_services.participant_leave(participant=person, by=program_staff, reason="")

    views_of_new_people(3)
    # Enough for a first page of the same kinds of rows as after growing.
    changes_of_new_participants(15)
    urls = [reverse("dashboard:audit"), reverse("dashboard:audit") + "?show=views"]

    def grow():
        views_of_new_people(30)
        changes_of_new_participants(30)

    assert_queries_do_not_grow(client, urls, grow)


@pytest.mark.django_db
def test_the_audit_page_reads_changes_in_words_without_ids_or_field_names(client, program_staff, participant):
    """The site-wide page reads as the record's history does (dashboard.history): labels,
    choices by name, dollars, moments with their zone, people and cohorts by name."""
    with set_actor(program_staff):
        participant.fee_due_cents = 125050
        participant.save(update_fields=["fee_due_cents"])
        cohort_services.participant_leave(participant=participant, by=program_staff, reason="Family matters")
    client.force_login(program_staff)
    response = client.get(reverse("dashboard:audit"))
    page = response.content.decode()
    assert "Fee due: $0.00 → $1,250.50" in page
    assert "Status: Enrolled → On leave" in page
    status_change = next(
        entry
        for entry in response.context["page_obj"].object_list
        if entry.content_type == ContentType.objects.get_for_model(ParticipantStatusChange)
    )
    shown = {change.name: change.new for change in status_change.field_changes}
    assert shown["From status"] == "Enrolled" and shown["To status"] == "On leave"
    assert shown["From cohort"] == shown["To cohort"] == str(participant.cohort)
    assert shown["Changed by"] == str(program_staff)
    assert "America/New York time" in shown["Changed at"]
    # Never the stored names of fields, nor the rows' ids.
    for raw in ("fee_due_cents", "from_status", "to_status", "changed_by", "from_cohort", "changed_at"):
        assert raw not in page, raw
    assert shown["Participant"] == "Participant Cora (2026 cohort)"
    ids = {str(participant.pk), str(participant.cohort_id), str(program_staff.pk), str(participant.user_id)}
    assert ids.isdisjoint(shown.values())
    for entry in response.context["page_obj"].object_list:
        assert not {change.name.lower() for change in entry.field_changes} & {"id", "public id"}
    assert str(participant.public_id) not in page
    # A row shows as its kind, never by the text stored with it ("enrolled → on_leave").
    assert "<td>Participant status change</td>" in page and "on_leave" not in page
    # The private reason is encrypted: never in the history.
    assert "Family matters" not in page


@pytest.mark.django_db
def test_the_audit_pages_keep_their_tab_and_pages(client, program_staff):
    client.force_login(program_staff)
    for _ in range(55):
        AccessLogEntry.objects.create(viewer=program_staff, subject=program_staff, record_kind="account")
    views = client.get(reverse("dashboard:audit"), {"show": "views", "page": "2"})
    assert views.context["showing"] == "views" and views.context["page_obj"].number == 2
    assert len(views.context["page_obj"].object_list) == 5
    assert "?show=views&amp;page=1" in views.content.decode()
    # Anything else asked for shows the changes; a page out of range shows the last one.
    changes = client.get(reverse("dashboard:audit"), {"show": "nonsense", "page": "99"})
    assert changes.status_code == 200 and changes.context["showing"] == "changes"
