"""Backups and restores: one dated folder with the database, the private files and a manifest.

Rules chosen here:
- The database is copied by its own tools: PostgreSQL with `pg_dump --format=custom`,
  SQLite with its online backup API (a consistent copy while the site runs).
- The manifest says what the folder holds: the app's version, the migrations applied,
  the rows in every table and the SHA-256 of every file. A restore checks the files first.
- Keys are never in a backup. The manifest carries a short value encrypted with the field
  keys of the day (`key_check`), so a restore with the wrong keys stops before it touches
  the database; after restoring, one value of every encrypted column is read, and a wrong
  key fails there loudly (cpse.crypto) instead of showing empty values.
- A restore refuses a database that holds any table unless told to replace it; it
  restores, compares the row counts with the manifest, then migrates forward (a backup
  from a newer version, with migrations this code does not know, is refused).
- The outbox is restored as it was: messages sent stay sent, nothing is queued again.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from cpse.crypto import EncryptedTextField, decrypt_text, encrypt_text
from cpse.errors import DomainError

MANIFEST = "manifest.json"
MEDIA = "media"
FOLDER_PREFIX = "cpse-backup-"
_KEY_CHECK = "cpse backup key check"
WRONG_KEYS = (
    "FIELD_ENCRYPTION_KEYS cannot read this backup's encrypted fields: restore with the keys it was "
    "made with (they are kept apart from backups, docs/operations.md)"
)
_DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(DomainError):
    code = "backup_error"


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    tables: int
    rows: int
    migrated: bool


def app_version() -> str:
    """The installed package's version, else pyproject.toml's (the image copies the tree)."""
    try:
        return version("cpse-manager")
    except PackageNotFoundError:
        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        if pyproject.exists():
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_environment(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}", code="tool_failed")


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationLoader(connection, ignore_no_migrations=True).applied_migrations):
        applied.setdefault(app_label, []).append(name)
    return applied


def row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from introspection)
            counts[table] = cursor.fetchone()[0]
    return counts


def _dump_database(path: Path) -> None:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_environment(settings_dict)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={path}",
                *args,
                f"--dbname={settings_dict['NAME']}",
            ],
            env,
        )
    elif connection.vendor == "sqlite":
        # Through the site's own connection: a consistent copy while others write.
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"No backup for a {connection.vendor} database", code="unsupported")


def backup_create(*, destination: Path | None = None, now: datetime.datetime | None = None) -> Path:
    """Write one dated folder under `destination` (BACKUP_DIR) and return it."""
    now = now or timezone.now()
    destination = Path(destination or settings.BACKUP_DIR)
    folder = destination / f"{FOLDER_PREFIX}{now.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    partial = folder.with_name(folder.name + ".partial")
    if folder.exists():
        raise BackupError(f"{folder} exists already", code="exists")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True, mode=0o700)
    database_file = _DUMP_FILES.get(connection.vendor, "database")
    _dump_database(partial / database_file)
    counts = row_counts()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, partial / MEDIA)
    else:
        (partial / MEDIA).mkdir()
    files = {str(path.relative_to(partial)): _sha256(path) for path in sorted(partial.rglob("*")) if path.is_file()}
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "app_version": app_version(),
        "database": {"vendor": connection.vendor, "file": database_file},
        "migrations": applied_migrations(),
        "row_counts": counts,
        "files": files,
        "key_check": encrypt_text(_KEY_CHECK),
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    # Only a complete backup carries the final name: a crash leaves a `.partial` folder.
    partial.rename(folder)
    return folder


def backups_prune(*, destination: Path | None = None, keep: int) -> list[Path]:
    """Remove all but the newest `keep` complete backups; returns what was removed."""
    destination = Path(destination or settings.BACKUP_DIR)
    if not destination.is_dir():
        return []
    folders = sorted(p for p in destination.glob(f"{FOLDER_PREFIX}*") if p.is_dir() and not p.suffix)
    removed = folders[:-keep] if keep else folders
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def latest_backup(*, destination: Path | None = None) -> Path | None:
    destination = Path(destination or settings.BACKUP_DIR)
    if not destination.is_dir():
        return None
    folders = sorted(p for p in destination.glob(f"{FOLDER_PREFIX}*") if p.is_dir() and not p.suffix)
    return folders[-1] if folders else None


def backup_verify(*, folder: Path) -> dict:
    """The manifest, once every file it lists is there with its SHA-256 and nothing else is."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {type(exc).__name__}", code="no_manifest") from None
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    listed = set(manifest["files"])
    if present != listed:
        raise BackupError(
            f"The backup's files differ from its manifest: missing {sorted(listed - present)[:5]}, "
            f"not listed {sorted(present - listed)[:5]}",
            code="files_differ",
        )
    for name, digest in manifest["files"].items():
        if _sha256(folder / name) != digest:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest", code="checksum")
    return manifest


def keys_check(manifest: dict) -> None:
    """Fail before anything is touched when FIELD_ENCRYPTION_KEYS cannot read this backup."""
    try:
        readable = decrypt_text(manifest["key_check"]) == _KEY_CHECK
    except ImproperlyConfigured:
        readable = False
    if not readable:
        raise BackupError(WRONG_KEYS, code="keys")


def _unknown_migrations(manifest: dict) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    )


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def database_wipe() -> None:
    """Drop every table of the database the site uses (restore --replace; the drill)."""
    tables = connection.introspection.table_names()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if tables:
                cursor.execute("DROP TABLE " + ", ".join(quote(t) for t in tables) + " CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE {quote(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def _load_database(path: Path) -> None:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_environment(settings_dict)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *args,
                f"--dbname={settings_dict['NAME']}",
                str(path),
            ],
            env,
        )
        # Connections opened before the restore may hold plans for tables that were replaced.
        for alias in connections:
            connections[alias].close()
    else:
        # Into the site's own connection: the backup API replaces the whole database.
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def encrypted_values_read() -> int:
    """Decrypt one stored value of every encrypted column: a wrong key raises here, loudly
    (cpse.crypto.decrypt_text), rather than a page showing empty values later."""
    quote = connection.ops.quote_name
    read = 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedTextField):
                    continue
                column, table = quote(field.column), quote(model._meta.db_table)
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> '' LIMIT 1")  # noqa: S608
                row = cursor.fetchone()
                if row and row[0]:
                    try:
                        decrypt_text(row[0])
                    except ImproperlyConfigured:
                        raise BackupError(f"{WRONG_KEYS} (first seen in {table}.{column})", code="keys") from None
                    read += 1
    return read


def media_restore(*, folder: Path, replace: bool) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        if not replace:
            raise BackupError(f"{media_root} is not empty: restore with --replace", code="not_empty")
        shutil.rmtree(media_root)
    shutil.copytree(folder / MEDIA, media_root, dirs_exist_ok=True)


def backup_restore(*, folder: Path, replace: bool = False) -> RestoreResult:
    folder = Path(folder)
    manifest = backup_verify(folder=folder)
    keys_check(manifest)
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']['vendor']} database; the site uses {connection.vendor}",
            code="vendor",
        )
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(f"This backup comes from a newer version (migrations {unknown[:3]}…)", code="newer")
    if not database_is_empty():
        if not replace:
            raise BackupError("The database is not empty: restore into a new one, or with --replace", code="not_empty")
        database_wipe()
    _load_database(folder / manifest["database"]["file"])
    counts = row_counts()
    differing = sorted(t for t, n in manifest["row_counts"].items() if counts.get(t) != n)
    if differing:
        raise BackupError(f"Row counts differ from the manifest in {differing[:5]}", code="counts")
    encrypted_values_read()
    media_restore(folder=folder, replace=replace)
    pending = manifest["migrations"] != applied_migrations() or bool(_pending_migrations())
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return RestoreResult(folder=folder, tables=len(counts), rows=sum(counts.values()), migrated=pending)


def _pending_migrations() -> list:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
