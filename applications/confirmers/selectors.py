"""Reads about confirmers: which of them program staff have verified."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from applications.confirmers.rules import email_key
from applications.models import ConfirmerVerification


def verified_keys(emails: Iterable[str]) -> set[str]:
    """The mailboxes among `emails` that program staff verified (one query)."""
    keys = {email_key(email) for email in emails if email}
    if not keys:
        return set()
    return set(ConfirmerVerification.objects.filter(email_key__in=keys).values_list("email_key", flat=True))


def verification_for(email: str) -> ConfirmerVerification | None:
    return ConfirmerVerification.objects.filter(email_key=email_key(email)).select_related("verified_by").first()


def is_verified(email_key_field: str) -> Exists:
    """An expression: is the mailbox in the outer row's `email_key_field` verified?"""
    return Exists(ConfirmerVerification.objects.filter(email_key=OuterRef(email_key_field)))
