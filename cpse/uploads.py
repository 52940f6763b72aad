"""Uploaded documents (SECURITY.md, "Uploads"): a size limit, the type checked by content
(magic bytes, not the name), random storage names under MEDIA_ROOT (never a public URL),
and downloads only through views that check permission."""

import pathlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
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
