"""A person's data rights: export everything held about them, erase it, and purge what
is no longer needed after its retention period.

Each app registers what it holds (in its AppConfig.ready), so this module, which sits
below every app, never imports them, and a new app cannot hold personal data without
saying how to export and erase it (tests/cpse/test_data_rights.py checks every model
with a link to a person is covered).
"""

import datetime
import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from cpse.data_rights.summary import summary_html

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person."""

    name: str
    # Models of this app that point at a person: the coverage test reads this.
    models: tuple[type, ...]
    export: Callable[[object], object]
    # Remove or anonymise. None: the rows hold nothing personal once the account is
    # anonymised (kept for aggregate counts).
    erase: Callable[[object], None] | None = None
    files: Callable[[object], Iterable[tuple[str, bytes]]] | None = None


@dataclass(frozen=True)
class RetentionRule:
    """Rows kept only for a while: `purge(now, dry_run)` returns how many it (would) remove."""

    name: str
    purge: Callable[[datetime.datetime, bool], int]


# The readable page in the download: named for the person who opens the ZIP.
SUMMARY_FILE = "My data.html"

_sections: dict[str, PersonalData] = {}
_rules: dict[str, RetentionRule] = {}


def register(section: PersonalData) -> None:
    _sections[section.name] = section


def register_retention(rule: RetentionRule) -> None:
    _rules[rule.name] = rule


def sections() -> list[PersonalData]:
    return list(_sections.values())


def export_archive(user) -> bytes:
    """A ZIP with one JSON file per section, the same as one page to read (SUMMARY_FILE,
    in the active language), and the person's documents under files/."""
    exports = {section.name: section.export(user) for section in _sections.values()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            "Everything the CPSE program holds about you, as of "
            f"{timezone.now():%Y-%m-%d %H:%M} UTC.\n"
            "Each .json file is one part of the program; documents are in files/.\n"
            f"{SUMMARY_FILE} holds the same, to read in a web browser.\n",
        )
        archive.writestr(SUMMARY_FILE, summary_html(exports))
        for section in _sections.values():
            data = json.dumps(exports[section.name], cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            archive.writestr(f"{section.name}.json", data)
            for name, content in section.files(user) if section.files else ():
                archive.writestr(f"files/{section.name}/{name}", content)
    return buffer.getvalue()


def erase_personal_data(user) -> list[str]:
    """Run every section's eraser (the account itself is anonymised by its owner app)."""
    erased = []
    for section in reversed(list(_sections.values())):
        if section.erase:
            section.erase(user)
            erased.append(section.name)
    return erased


def purge(rows, *, dry_run: bool, delete_one: Callable[[object], None] | None = None) -> int:
    """Count `rows` and, unless this is a dry run, delete them: the one place retention
    rules delete. `delete_one` is for rows that take more than a row with them (a file)."""
    count = rows.count()
    if not dry_run:
        if delete_one is None:
            rows.delete()
        else:
            for row in rows:
                delete_one(row)
    return count


def purge_expired(*, now: datetime.datetime | None = None, dry_run: bool) -> dict[str, int]:
    now = now or timezone.now()
    counts = {rule.name: rule.purge(now, dry_run) for rule in _rules.values()}
    logger.info("retention purge (%s): %s", "dry run" if dry_run else "applied", counts)
    return counts
