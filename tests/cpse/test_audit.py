import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from cpse.audit.models import AccessLogEntry
from cpse.crypto import EncryptedTextField
from tests.factories import UserFactory
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
    assert "status" in changes
    views = client.get(reverse("dashboard:audit") + "?show=views").content.decode()
    assert "Participant record" in views


@pytest.mark.django_db
def test_the_audit_page_query_count_does_not_grow(client, program_staff):
    client.force_login(program_staff)

    def views_of_new_people(count):
        for _ in range(count):
            AccessLogEntry.objects.create(viewer=program_staff, subject=UserFactory(), record_kind="account")

    views_of_new_people(3)
    urls = [reverse("dashboard:audit"), reverse("dashboard:audit") + "?show=views"]
    assert_queries_do_not_grow(client, urls, lambda: views_of_new_people(60))
