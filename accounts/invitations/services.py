"""One-time invitations that give a person a role (a sponsor's member, a peer mentor).
Only a hash of the link's token is stored; a link works once, until it expires or is
cancelled, and used, cancelled, expired and made-up links all get the same answer (the
page does not say which). Each app keeps its own invitation model and what accepting
grants; the link's life is here."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpse.audit.services import change_record

LINK_CLOSED = _("This link does not work any more. Please ask the program team for a new one.")
WRONG_EMAIL = _("This invitation was sent to another email address. Please sign in with that address.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> tuple[str, str]:
    """A new link token and its hash (only the hash is stored)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _open(queryset):
    return queryset.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now())


def invitation_waiting(queryset, token: str, *, error: type[Exception]):
    """The waiting invitation behind a link, or `error(LINK_CLOSED)`."""
    invitation = _open(queryset.filter(token_hash=token_hash(token))).first()
    if invitation is None:
        raise error(LINK_CLOSED)
    return invitation


def invitation_claim(invitation, *, user, error: type[Exception]) -> None:
    """Mark the invitation accepted by `user`, once: a second accept (a double click, two
    tabs) raises `error`. Call inside the transaction that grants what it invites to."""
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise error(WRONG_EMAIL, code="wrong_email")
    now = timezone.now()
    claimed = _open(type(invitation).objects.filter(pk=invitation.pk)).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise error(LINK_CLOSED)
    change_record(
        invitation,
        changes={"accepted_at": (invitation.accepted_at, now), "accepted_by": (invitation.accepted_by_id, user)},
        by=user,
    )


def invitation_cancel_waiting(queryset) -> int:
    """Cancel the invitations of `queryset` still waiting (a resend makes a new link)."""
    now = timezone.now()
    with transaction.atomic():
        waiting = list(queryset.select_for_update().filter(accepted_at__isnull=True, cancelled_at__isnull=True))
        cancelled = queryset.model.objects.filter(pk__in=[invitation.pk for invitation in waiting]).update(
            cancelled_at=now
        )
        for invitation in waiting:
            change_record(invitation, changes={"cancelled_at": (None, now)})
    return cancelled
