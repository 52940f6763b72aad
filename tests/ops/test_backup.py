"""Backups and restores (issue #23): the restore drill, and what a restore refuses.

The drill runs on whichever database the suite runs on: SQLite in `make test`, PostgreSQL
in CI's second run (pg_dump / pg_restore). The SQLite test database is made from the
models, without migration records (tests/conftest.py), so the drill there leaves out the
"migrate forward" step; on PostgreSQL it runs as in a deployment.
"""

import io
import json
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from certificates.models import Certificate
from certificates.open_badges import badge_verify, signed_badge, signing_key
from cpse.notify.models import Notification
from cpse.notify.services import notifications_sweep
from cpse.ops import backup
from cpse.ops.backup import BackupError

ON_SQLITE = connection.vendor == "sqlite"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def without_migration_records(monkeypatch):
    if ON_SQLITE:
        monkeypatch.setattr(backup, "_pending_migrations", list)


def _downloaded(client, certificate) -> bytes:
    client.force_login(certificate.participant.user)
    response = client.get(reverse("certificates:certificate_pdf", kwargs={"public_id": certificate.public_id}))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    return content


@pytest.mark.django_db(transaction=True)
def test_restore_drill(client, media, tmp_path, without_migration_records, capsys):
    """Seed the demo, back up, wipe, restore: counts equal, an encrypted field reads back,
    a certificate PDF downloads and its Open Badges credential verifies, and the outbox
    sends nothing twice."""
    drill_started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    notifications_sweep()
    certificate = Certificate.objects.filter(status=Certificate.Status.VALID).select_related("participant__user")[0]
    pdf = _downloaded(client, certificate)
    badge = signed_badge(certificate)
    sent = dict(Notification.objects.filter(status=Notification.Status.SENT).values_list("pk", "sent_at"))
    assert sent, "the demo sends messages"
    encrypted = Notification.objects.filter(pk__in=list(sent)[:1]).values_list("pk", "body")[0]
    counts = backup.row_counts()

    started = time.monotonic()
    folder = backup.backup_create(destination=tmp_path / "backups")
    made = time.monotonic()
    backup.database_wipe()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert backup.database_is_empty()
    result = backup.backup_restore(folder=folder)
    restored = time.monotonic()
    with capsys.disabled():
        print(
            f"\nrestore drill on {connection.vendor}: backup {made - started:.1f} s, "
            f"restore {restored - made:.1f} s, with the demo's seeding {restored - drill_started:.1f} s"
        )

    assert backup.row_counts() == counts
    assert result.rows == sum(counts.values())
    assert Notification.objects.get(pk=encrypted[0]).body == encrypted[1]
    certificate = Certificate.objects.select_related("participant__user").get(pk=certificate.pk)
    assert _downloaded(client, certificate) == pdf
    assert signed_badge(certificate) == badge
    assert badge_verify(badge, signing_key().public_key())
    # The outbox as it was: what was sent stays sent, and a sweep sends nothing again.
    mail.outbox.clear()
    due_again = Notification.objects.filter(status=Notification.Status.PENDING).count()
    assert due_again == 0
    assert notifications_sweep() == 0
    assert mail.outbox == []
    assert dict(Notification.objects.filter(status=Notification.Status.SENT).values_list("pk", "sent_at")) == sent


@pytest.fixture
def made(transactional_db, media, tmp_path):
    """A backup of the test database; transactional: a backup reads what is committed."""
    (media / "uploads").mkdir()
    (media / "uploads" / "a.pdf").write_bytes(b"%PDF-1.4 test")
    return backup.backup_create(destination=tmp_path / "backups")


def test_the_manifest_lists_every_file_with_its_hash_and_the_state(made):
    manifest = json.loads((made / backup.MANIFEST).read_text())
    assert set(manifest["files"]) == {manifest["database"]["file"], "media/uploads/a.pdf"}
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["app_version"]
    assert "accounts_user" in manifest["row_counts"]
    if not ON_SQLITE:
        assert "0001_initial" in manifest["migrations"]["accounts"]
    assert backup.backup_verify(folder=made) == manifest


def test_no_key_is_in_a_backup(made):
    keys = [django_settings.SECRET_KEY, *django_settings.FIELD_ENCRYPTION_KEYS, django_settings.OPEN_BADGES_SIGNING_KEY]
    for path in made.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not [key for key in keys if key.encode() in content], path


def test_a_changed_or_added_file_is_refused(made):
    target = made / "media" / "uploads" / "a.pdf"
    target.write_bytes(b"%PDF-1.4 changed")
    with pytest.raises(BackupError) as refused:
        backup.backup_restore(folder=made)
    assert refused.value.code == "checksum"
    target.write_bytes(b"%PDF-1.4 test")
    (made / "media" / "extra.txt").write_text("x")
    with pytest.raises(BackupError) as refused:
        backup.backup_restore(folder=made)
    assert refused.value.code == "files_differ"


def test_wrong_field_keys_fail_before_the_database_is_touched(made, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(BackupError) as refused:
        backup.backup_restore(folder=made, replace=True)
    assert refused.value.code == "keys"
    assert "FIELD_ENCRYPTION_KEYS" in str(refused.value)
    assert not backup.database_is_empty()


def test_a_database_in_use_is_refused_unless_replaced(made):
    with pytest.raises(BackupError) as refused:
        backup.backup_restore(folder=made)
    assert refused.value.code == "not_empty"


def test_a_backup_from_a_newer_version_is_refused(made):
    manifest = json.loads((made / backup.MANIFEST).read_text())
    manifest["migrations"].setdefault("cohorts", []).append("9999_from_the_future")
    (made / backup.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BackupError) as refused:
        backup.backup_restore(folder=made, replace=True)
    assert refused.value.code == "newer"


def test_only_the_newest_are_kept(tmp_path):
    for stamp in ("20270101T000000Z", "20270102T000000Z", "20270103T000000Z"):
        (tmp_path / f"{backup.FOLDER_PREFIX}{stamp}").mkdir()
    (tmp_path / f"{backup.FOLDER_PREFIX}20270104T000000Z.partial").mkdir()
    removed = backup.backups_prune(destination=tmp_path, keep=2)
    assert [path.name for path in removed] == [f"{backup.FOLDER_PREFIX}20270101T000000Z"]
    assert backup.latest_backup(destination=tmp_path).name == f"{backup.FOLDER_PREFIX}20270103T000000Z"
    assert (tmp_path / f"{backup.FOLDER_PREFIX}20270104T000000Z.partial").exists()


def test_the_commands(made, tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "daily"
    call_command("backup", "--keep", "1", stdout=io.StringIO())
    assert [backup.latest_backup()] == sorted(Path(settings.BACKUP_DIR).glob(f"{backup.FOLDER_PREFIX}*"))
    with pytest.raises(Exception, match="not empty"):
        call_command("restore", str(backup.latest_backup()))
