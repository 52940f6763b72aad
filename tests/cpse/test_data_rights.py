import datetime
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import ErasureRequest, User
from cohorts.models import Participant
from cpse import data_rights
from cpse.audit.models import PurgeRun
from cpse.audit.tasks import purge_expired
from cpse.notify import services as notify
from cpse.notify.models import Notification
from sponsors.models import SponsorMember
from tests.conftest import reauthenticate
from tests.factories import UserFactory
from tests.queries import assert_queries_do_not_grow

# The project's own apps: those whose code is not an installed package.
OUR_APPS = {app.label for app in apps.get_app_configs() if "site-packages" not in app.path}


def test_every_model_that_points_at_a_person_is_covered_by_data_rights():
    covered = {model for section in data_rights.sections() for model in section.models}
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        points_at_person = any(
            f.is_relation and f.related_model is not None and f.related_model._meta.label == settings.AUTH_USER_MODEL
            for f in model._meta.get_fields()
            if not f.auto_created or f.concrete
        )
        if points_at_person or model._meta.label == settings.AUTH_USER_MODEL:
            assert model in covered, f"{model._meta.label} holds personal data: register it in cpse.data_rights"


def _archive(client, *, second_step: bool = False) -> dict[str, object]:
    # The download asks to confirm it is me first (tests/accounts/test_reauthentication.py).
    reauthenticate(client, second_step=second_step)
    response = client.get(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-cpse-data.zip"'
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


@pytest.mark.django_db
def test_an_applicant_downloads_everything_held_about_them(client, applicant, other_applicant):
    applicant.safe_contact_note = "texts only"
    applicant.save()
    notify.notification_queue(kind="new_message", key="k", recipient=applicant)
    client.force_login(applicant)
    files = _archive(client)
    account = json.loads(files["account.json"])
    assert account["email"] == applicant.email
    assert account["safe_contact_note"] == "texts only"
    assert len(json.loads(files["messages.json"])) == 1
    assert other_applicant.email not in "".join(files.values())


@pytest.mark.django_db
def test_a_participant_and_a_sponsor_member_see_their_own_parts(client, participant, sponsor):
    client.force_login(participant.user)
    assert json.loads(_archive(client)["participation.json"])[0]["cohort"] == str(participant.cohort)
    client.force_login(sponsor)
    memberships = json.loads(_archive(client, second_step=True)["sponsor_memberships.json"])
    assert memberships[0]["organisation"] == SponsorMember.objects.get(user=sponsor).sponsor.name


def _ask_for_erasure(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:my_data_erasure"), {"confirm": "on"})
    assert response.status_code == 302
    return ErasureRequest.objects.get(user=user, status="requested")


@pytest.mark.django_db
def test_erasure_needs_the_box_ticked(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("accounts:my_data_erasure"), {}, follow=True)
    assert "Please tick the box" in response.content.decode()
    assert not ErasureRequest.objects.exists()


@pytest.mark.django_db
def test_asking_twice_makes_one_request(client, applicant):
    _ask_for_erasure(client, applicant)
    response = client.post(reverse("accounts:my_data_erasure"), {"confirm": "on"}, follow=True)
    assert "You have already asked for this." in response.content.decode()
    assert ErasureRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["applicant", "participant", "sponsor"])
def test_erasure_end_to_end(client, program_staff, persona, request, django_capture_on_commit_callbacks):
    subject = request.getfixturevalue(persona)
    user = getattr(subject, "user", subject)
    name, email = user.display_name, user.email
    user.safe_contact_note = "after 6pm"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        erasure = _ask_for_erasure(client, user)
    # Staff are told something needs attention, not who.
    staff_mail = [m for m in mail.outbox if m.to == [program_staff.email]]
    assert staff_mail and name not in staff_mail[0].body

    client.force_login(program_staff)
    page = client.get(reverse("dashboard:erasure_request", args=[erasure.public_id])).content.decode()
    assert name in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:erasure_request_confirm", args=[erasure.public_id]))
    assert response.status_code == 302

    user.refresh_from_db()
    assert (user.display_name, user.legal_name, user.safe_contact_note, user.is_active) == ("—", "", "", False)
    assert user.email.endswith("@erased.invalid") and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not user.authenticator_set.exists() and not user.groups.exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not SponsorMember.objects.filter(user=user).exists()
    for entry in LogEntry.objects.filter(object_pk=str(user.pk)):
        assert name not in str(entry.changes) + entry.object_repr and email not in str(entry.changes)
    # Counts stay: a participant is still counted in the cohort.
    if persona == "participant":
        assert Participant.objects.filter(pk=subject.pk).exists()
    # One last message, to the old address, naming nobody.
    assert [m.to for m in mail.outbox] == [[email]]
    assert name not in mail.outbox[0].body
    # The person can no longer sign in.
    client.logout()
    assert (
        client.post(reverse("account_login"), {"login": email, "password": "a-Long-test-password-1"}).status_code == 200
    )
    erasure.refresh_from_db()
    assert (erasure.status, erasure.decided_by) == ("completed", program_staff)


@pytest.mark.django_db
def test_a_request_is_decided_once(client, applicant, program_staff):
    erasure = _ask_for_erasure(client, applicant)
    client.force_login(program_staff)
    client.post(reverse("dashboard:erasure_request_cancel", args=[erasure.public_id]))
    response = client.post(reverse("dashboard:erasure_request_confirm", args=[erasure.public_id]), follow=True)
    assert "already been dealt with" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.is_active


@pytest.mark.django_db
def test_staff_cannot_confirm_their_own_request(client, program_staff):
    erasure = _ask_for_erasure(client, program_staff)
    response = client.post(reverse("dashboard:erasure_request_confirm", args=[erasure.public_id]), follow=True)
    assert "Another member of the program team" in response.content.decode()
    program_staff.refresh_from_db()
    assert program_staff.is_active


@pytest.mark.django_db
def test_the_erasure_list_query_count_does_not_grow(client, program_staff):
    client.force_login(program_staff)
    ErasureRequest.objects.bulk_create(ErasureRequest(user=UserFactory()) for _ in range(3))
    assert_queries_do_not_grow(
        client,
        [reverse("dashboard:erasure_requests")],
        lambda: ErasureRequest.objects.bulk_create(ErasureRequest(user=UserFactory()) for _ in range(40)),
    )


@pytest.mark.django_db
def test_retention_purge_with_time_travel(time_machine, applicant):
    time_machine.move_to(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC))
    abandoned = User.objects.create_user("never@example.org", "x-Long-password-1", display_name="Never")
    old_message = notify.notification_queue(kind="new_message", key="old", recipient=applicant)
    notify.notification_deliver(notification_id=old_message.pk)
    pending = notify.notification_queue(
        kind="new_message", key="pending", recipient=applicant, deliver_at=timezone.now() + datetime.timedelta(days=999)
    )

    time_machine.move_to(datetime.datetime(2026, 1, 20, 12, tzinfo=datetime.UTC))
    # Nothing is old enough yet.
    assert set(purge_expired().values()) == {0}
    assert User.objects.filter(pk=abandoned.pk).exists()

    time_machine.move_to(datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC))
    call_command("purge_expired")  # dry run by default: counts only
    assert User.objects.filter(pk=abandoned.pk).exists()
    counts = PurgeRun.objects.latest("ran_at").counts
    assert (counts["delivered_messages"], counts["unverified_accounts"]) == (1, 1)
    assert PurgeRun.objects.latest("ran_at").dry_run

    counts = purge_expired()
    assert (counts["delivered_messages"], counts["unverified_accounts"]) == (1, 1)
    assert not User.objects.filter(pk=abandoned.pk).exists()
    assert not Notification.objects.filter(pk=old_message.pk).exists()
    # Kept: the verified applicant, and a message still waiting.
    assert User.objects.filter(pk=applicant.pk).exists()
    assert Notification.objects.filter(pk=pending.pk).exists()
    assert set(purge_expired().values()) == {0}


@pytest.mark.django_db
def test_retention_dry_run_mode(settings, time_machine):
    settings.RETENTION_MODE = "dry-run"
    time_machine.move_to(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC))
    User.objects.create_user("never@example.org", "x-Long-password-1", display_name="Never")
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
    assert purge_expired()["unverified_accounts"] == 1
    assert User.objects.filter(email="never@example.org").exists()
