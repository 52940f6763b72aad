"""Reading the interest list for program staff (applications.interest.views).

Rules chosen here (one definition each, as query expressions the pages, the CSV and the
services share):
- Her cohort is `InterestSignup.cohort`; without one she waits for the next cohort to open.
- Invited: the invitation for her cohort went out by email (`INVITED`).
- Reached: someone who asked for a call or a text was marked as contacted on or after the
  day her cohort's applications opened (`CONTACTED`): a call before that day told her of
  a window that was not open yet, so she is called again once it opens.
- Invited again: program staff sent the invitation once more in her cohort's window
  (`INVITED_AGAIN`), at most once per window.
- Applied: an account with her email address sent an application to her cohort (a draft
  does not count). Someone who left no email cannot be matched: staff learn it when they
  call (a shared phone in a shelter must not mark someone else as applied).
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from accounts.models import User
from accounts.selectors import ContactCard, contact_card
from applications.models import Application, InterestSignup

# The ways that mean a call or a text: the invitation sender never emails these people;
# they are listed on the call-or-text page instead.
BY_PHONE = (User.SafeContact.PHONE, User.SafeContact.TEXT)

INVITED = Q(invited_cohort__isnull=False, invited_cohort=F("cohort"))
CONTACTED = Q(contacted_at__isnull=False, cohort__isnull=False, contacted_at__date__gte=F("cohort__applications_open"))
INVITED_AGAIN = Q(
    invited_again_at__isnull=False, cohort__isnull=False, invited_again_at__date__gte=F("cohort__applications_open")
)
# Invited by email or reached by phone, for her cohort.
REACHED = INVITED | CONTACTED

YES, NO = "yes", "no"


def _applied():
    # Compared lower-cased, not with LIKE: an address may hold "_", a LIKE wildcard.
    return Exists(
        Application.objects.alias(applicant_email=Lower("applicant__email"))
        .filter(cohort=OuterRef("cohort"), applicant_email=Lower(OuterRef("email")))
        .exclude(applicant__email="")
        .exclude(status=Application.Status.DRAFT)
    )


def with_standing(signups: QuerySet[InterestSignup]) -> QuerySet[InterestSignup]:
    """`signups` with `invited`, `contacted`, `invited_again`, `reached` and `applied`
    (booleans computed in the same query)."""
    return signups.alias(applied_exists=_applied()).annotate(
        invited=Q(INVITED),
        contacted=Q(CONTACTED),
        invited_again=Q(INVITED_AGAIN),
        reached=Q(REACHED),
        applied=Q(applied_exists=True),
    )


def interest_signups_for_staff(
    *, cohort=None, invited: str = "", applied: str = "", reach_by: str = ""
) -> QuerySet[InterestSignup]:
    """The interest list, newest first, with the filters that are set. The note she left
    for the program is not read here (only her safe-contact note, for her contact card)."""
    signups = with_standing(
        InterestSignup.objects.select_related("cohort", "contacted_by", "invited_again_by").defer("note")
    )
    if cohort is not None:
        signups = signups.filter(cohort=cohort)
    if invited:
        signups = signups.filter(reached=invited == YES)
    if applied:
        signups = signups.filter(applied=applied == YES)
    if reach_by:
        signups = signups.filter(safe_contact=reach_by)
    return signups.order_by("-created_at", "-pk")


def call_or_text_for_staff(*, contacted: str = "") -> QuerySet[InterestSignup]:
    """Everyone who asked for a call or a text: those still to reach first (the oldest
    sign-up first), then those reached."""
    signups = with_standing(
        InterestSignup.objects.filter(safe_contact__in=BY_PHONE).select_related("cohort", "contacted_by").defer("note")
    )
    if contacted:
        signups = signups.filter(contacted=contacted == YES)
    return signups.order_by("contacted", "created_at", "pk")


def interest_signup_for_staff(public_id) -> InterestSignup | None:
    return (
        with_standing(InterestSignup.objects.select_related("cohort", "contacted_by", "invited_again_by"))
        .filter(public_id=public_id)
        .first()
    )


@dataclass(frozen=True)
class InterestRow:
    signup: InterestSignup
    card: ContactCard


def interest_rows(signups) -> list[InterestRow]:
    """Each sign-up with how to reach her: only what her chosen way allows
    (accounts.selectors.contact_card)."""
    return [InterestRow(signup, contact_card(signup)) for signup in signups]
