"""Uploaded documents (SECURITY.md, "Uploads"): a size limit, the type checked by content
(magic bytes, not the name), random storage names under MEDIA_ROOT (never a public URL),
and downloads only through views that check permission.

Rules chosen here: a stored file (uploaded, or a PDF rendered about someone) is deleted
only once the transaction that stops pointing at it commits (`file_delete_on_commit`):
a failed save or a failed erasure leaves the row and its file together. Replacing a
file (`file_replacement`) deletes the old one after the commit, or the new one if the
save fails, so no file outlives every row that names it.
"""

import pathlib
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# What a document may be, and how its first bytes prove it.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def private_upload_path(instance, filename: str) -> str:
    """A random name in a folder per model: the person's file name is never kept."""
    suffix = pathlib.Path(filename).suffix.lower()
    return f"private/{instance._meta.model_name}/{uuid.uuid4().hex}{suffix if suffix in SIGNATURES else ''}"


def validate_document(upload) -> None:
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("This file is too large. Please choose one smaller than %(size)s MB.")
            % {"size": settings.UPLOAD_MAX_BYTES // 1_000_000}
        )
    suffix = pathlib.Path(upload.name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ValidationError(_("Please choose a PDF, JPG or PNG file."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[suffix]):
        raise ValidationError(
            _("This file does not look like a %(kind)s file. Please check it and try again.")
            % {"kind": suffix[1:].upper()}
        )


def document_kind(stored) -> str:
    """ "PDF", "JPG" or "PNG" for a stored document; empty when there is none."""
    return pathlib.Path(stored.name).suffix[1:].upper() if stored else ""


def document_download(stored, *, name: str) -> FileResponse:
    """The stored document as a download (never shown in the browser), under a neutral
    `name` plus its suffix: never the person's name or their own file name. 404 without one.
    The caller has checked permission while loading the row that names it."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{name}{pathlib.Path(stored.name).suffix.lower()}")


def file_delete_on_commit(storage, name: str) -> None:
    """Delete the stored file `name` once the transaction in progress commits (at once
    outside a transaction). A rollback keeps it: the row still points at it."""
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


@contextmanager
def file_replacement(instance, field_name: str):
    """Around putting a new file in `instance.<field_name>` and saving the row: once that
    commits, the file it replaced is deleted; if the save fails, the new file is (the row
    still names the old one, which stays)."""
    old_name, storage = getattr(instance, field_name).name, getattr(instance, field_name).storage
    try:
        with transaction.atomic():
            yield
            if old_name and getattr(instance, field_name).name != old_name:
                file_delete_on_commit(storage, old_name)
    except BaseException:
        new = getattr(instance, field_name)
        # Stored by the failed save (Django marks a file written to storage "committed").
        if new.name and new.name != old_name and new._committed:
            storage.delete(new.name)
        raise
