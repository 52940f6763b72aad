"""Who may vouch for a person: the second person of every confirmation (the agency's
recommendation, the practicum supervisor's answer, the supervision contract's other side).

Rules chosen here:
- The confirmer is never the subject: no address of the subject's account (the sign-in
  email and every address kept for the account) may be named, compared without case and
  without a "+tag" (mail for alma+work@ reaches alma@). Naming one is refused at once,
  kindly, where the address is typed.
- The confirmer is never an applicant or a participant of the program (anyone with an
  application or an enrollment). Naming such an address is not refused at once: that
  would tell the person typing it who is in the program. The confirmation is refused when
  that person tries to give it (through the link or signed in), and staff see why.
- Applications sit above cohorts and below every app that asks for a confirmation, so
  this one module serves them all.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User


def email_key(email: str) -> str:
    """The mailbox an address reaches: lower case, without a "+tag"."""
    local, _at, domain = (email or "").strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else domain


def subject_addresses(subject: User) -> set[str]:
    """The mailboxes of the subject's account (one query)."""
    kept = EmailAddress.objects.filter(user=subject).values_list("email", flat=True)
    return {email_key(subject.email), *(email_key(email) for email in kept)}


def _not_yours() -> str:
    return _(
        "This needs to be another person's email address, not one of yours. Please ask them for their own address."
    )


def own_address_refusal(*, email: str, subject: User) -> str | None:
    """The kind message when `email` is one of the subject's own; None otherwise."""
    return _not_yours() if email and email_key(email) in subject_addresses(subject) else None


def in_program(*, email: str = "", user: User | None = None) -> bool:
    """Does this address (or account) belong to an applicant or participant of the program?"""
    people = Q(applications__isnull=False) | Q(participations__isnull=False)
    accounts = User.objects.filter(people)
    if user is not None and accounts.filter(pk=user.pk).exists():
        return True
    if not email:
        return False
    key = email_key(email)
    local, _at, domain = key.rpartition("@")
    # Every account whose address reaches the same mailbox, +tags included.
    candidates = accounts.filter(
        Q(email__iexact=key) | Q(email__istartswith=f"{local}+", email__iendswith=f"@{domain}")
    ).values_list("email", flat=True)
    return any(email_key(candidate) == key for candidate in candidates)


def confirmation_refusal(*, email: str, subject: User, by: User | None = None) -> str | None:
    """Why the person at `email` (signed in as `by`, if they are) may not confirm for
    `subject`; None when they may. Asked when the confirmation is given."""
    if by is not None and by.pk == subject.pk:
        return _not_yours()
    refusal = own_address_refusal(email=email, subject=subject)
    if refusal is not None:
        return refusal
    if in_program(email=email, user=by):
        return _(
            "This confirmation needs to come from someone outside the program. "
            "Nothing was recorded. Please write to the program team if this is a mistake."
        )
    return None
