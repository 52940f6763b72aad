"""Writes about confirmers: program staff verify a confirmer once.

Rules chosen here:
- A confirmer is verified once, for every participant they answer for (keyed by the
  mailbox their links go to); a second verification is refused and says when and by whom
  the first was made.
- Only how it was checked and a short note for program staff are recorded, with the name
  and organisation as they were named to us; the note is encrypted.
"""

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.confirmers.rules import email_key
from applications.models import ConfirmerVerification
from cpse.errors import DomainError


class ConfirmerError(DomainError):
    code = "confirmer_error"


def _already(verification: ConfirmerVerification) -> ConfirmerError:
    return ConfirmerError(
        _("%(name)s was already verified on %(date)s by %(by)s.")
        % {
            "name": verification.name,
            "date": date_format(verification.verified_at, "DATE_FORMAT"),
            "by": verification.verified_by or _("a former staff member"),
        },
        code="already_verified",
    )


def confirmer_verify(
    *, email: str, name: str, organisation: str, method: str, note: str = "", by
) -> ConfirmerVerification:
    key = email_key(email)
    if not key or not name.strip():
        raise ConfirmerError(_("This confirmer has no name or email to verify."), code="missing")
    if method not in ConfirmerVerification.Method.values:
        raise ConfirmerError(_("Please say how you checked who they are."), code="method")
    existing = ConfirmerVerification.objects.filter(email_key=key).select_related("verified_by").first()
    if existing is not None:
        raise _already(existing)
    try:
        with transaction.atomic():
            return ConfirmerVerification.objects.create(
                email_key=key,
                name=name.strip(),
                organisation=organisation.strip(),
                method=method,
                note=note.strip(),
                verified_by=by,
            )
    except IntegrityError:  # two staff at once: the first one stands
        raise _already(ConfirmerVerification.objects.select_related("verified_by").get(email_key=key)) from None
