"""Everything that changes the interest list: the public form, the invitations when a
cohort's application window opens, and program staff's actions (invite again, mark as
contacted, remove on request).

Rules chosen here:
- Each sign-up is for one cohort: the one taking applications when she wrote, else the
  next to open (`cohorts.selectors.cohort_open_or_next`); sending the form again moves her
  to that cohort (her latest answers win). With no cohort open or announced she waits
  without one.
- Invitations go to the list of every cohort whose window is open, not only the featured
  one. When a window opens, the people waiting without a cohort, and those whose cohort's
  window closed before anyone reached them, join the opening cohort's list: nobody is
  dropped. Only those who chose email are emailed, once per cohort; those who asked for
  a call or a text are on the call-or-text page (applications.interest.selectors) until
  staff mark them as contacted.
- "Invite again": once per application window, only to someone who chose email, whose
  cohort's window is open and who has not applied yet.
- "Mark as contacted": only for someone who asked for a call or a text, once her cohort's
  window has opened; once per window. Who and when are kept on her row.
- Removal on request deletes her row (name, email, phone, state, her notes, whether she
  was invited or contacted and by whom) and every message to her about the interest list
  (waiting or sent: each holds her address). What is kept is one line in the change
  history: that an interest sign-up was removed on request, who removed it and when,
  never her name or how to reach her.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from applications.interest.selectors import BY_PHONE, with_standing
from applications.models import InterestSignup
from cohorts import selectors as cohort_selectors
from cohorts.models import Cohort
from cpse.audit.services import removal_record
from cpse.errors import DomainError
from cpse.notify.models import Notification
from cpse.notify.services import Message, notification_queue, notification_queue_many

INVITATION_KIND = "interest_invitation"
# Every message about the interest list: all go when a sign-up is removed on request.
INTEREST_KINDS = ("interest_received", INVITATION_KIND)


class InterestError(DomainError):
    code = "interest_error"


# --- The public form --------------------------------------------------------------------


def interest_signup_create(
    *,
    display_name: str,
    email: str,
    phone: str,
    safe_contact: str,
    safe_contact_note: str,
    state: str,
    note: str,
    today: datetime.date | None = None,
) -> InterestSignup:
    """Put someone on the interest list. The same person sending the form again (the same
    email; or, without one, the same phone and name) updates her row: the latest answers
    win, and an answer left empty keeps the one she gave before. Email is written only to
    someone who chose it as the safe way, once per row."""
    answers = {
        "display_name": display_name,
        "email": email,
        "phone": phone,
        "safe_contact": safe_contact,
        "safe_contact_note": safe_contact_note,
        "state": state,
        "note": note,
    }
    cohort = cohort_selectors.cohort_open_or_next(today=today)
    try:
        return _interest_signup_save(answers, cohort)
    except IntegrityError:  # her other sending was saved a moment ago: update that one
        return _interest_signup_save(answers, cohort)


def _interest_signup_same_person(answers: dict) -> InterestSignup | None:
    same = Q(pk__in=[])
    if answers["email"]:
        same |= Q(email__iexact=answers["email"])
    if answers["phone"]:
        same |= Q(email="", phone=answers["phone"], display_name__iexact=answers["display_name"])
    # Her row by email first, then one she sent earlier with only her phone.
    return (
        InterestSignup.objects.select_for_update()
        .filter(same)
        .order_by(Case(When(email="", then=1), default=0), "pk")
        .first()
    )


def _interest_signup_save(answers: dict, cohort: Cohort | None) -> InterestSignup:
    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        signup = _interest_signup_same_person(answers)
        if signup is None:
            signup = InterestSignup.objects.create(**answers, language=language, cohort=cohort)
        else:
            for name, value in answers.items():
                if value:
                    setattr(signup, name, value)
            signup.language = language
            signup.cohort = cohort
            signup.save(update_fields=[*answers, "language", "cohort"])
        if signup.safe_contact == User.SafeContact.EMAIL:
            with translation.override(signup.language):
                notification_queue(
                    kind="interest_received", key=f"interest-received:{signup.public_id}", to_email=signup.email
                )
    return signup


# --- Invitations when a window opens ----------------------------------------------------------


def _invitation(signup: InterestSignup, cohort: Cohort, key: str) -> Message:
    return Message(
        kind=INVITATION_KIND,
        key=key,
        to_email=signup.email,
        language=signup.language,
        context={"path": reverse("account_signup"), "closes": cohort.applications_close},
    )


def interest_invitations_send(*, today: datetime.date | None = None) -> int:
    """For every cohort whose application window is open: gather the people waiting for
    it (see the rules above), then invite, once, those on its list who chose email as the
    safe way (a registered reminder; the notification key makes a second run send
    nothing). A fixed number of queries per open cohort, however long the list."""
    today = today or timezone.localdate()
    added = 0
    for cohort in cohort_selectors.cohorts_open_for_applications(today=today):
        with transaction.atomic():
            _waiting_join(cohort, today=today)
            signups = list(
                InterestSignup.objects.filter(cohort=cohort, safe_contact=User.SafeContact.EMAIL)
                .exclude(email="")
                .exclude(invited_cohort=cohort)
                .order_by("pk")
                .only("pk", "public_id", "email", "language")
            )
            if not signups:
                continue
            added += notification_queue_many(
                _invitation(signup, cohort, f"interest-invitation:{signup.public_id}:{cohort.pk}") for signup in signups
            )
            InterestSignup.objects.filter(pk__in=[signup.pk for signup in signups]).update(
                invited_cohort=cohort, invited_at=timezone.now()
            )
    return added


def _waiting_join(cohort: Cohort, *, today: datetime.date) -> None:
    """Those without a cohort, and those whose cohort's window closed before anyone
    reached them, join `cohort`'s list."""
    missed = with_standing(InterestSignup.objects.filter(cohort__applications_close__lt=today)).filter(
        reached=False, applied=False
    )
    InterestSignup.objects.filter(Q(cohort__isnull=True) | Q(pk__in=missed.values("pk"))).update(cohort=cohort)


# --- Program staff's actions ------------------------------------------------------------------


def _locked(signup: InterestSignup) -> InterestSignup:
    return with_standing(InterestSignup.objects.select_for_update(of=("self",)).select_related("cohort")).get(
        pk=signup.pk
    )


def interest_invite_again(*, signup: InterestSignup, by: User, today: datetime.date | None = None) -> InterestSignup:
    """Email her the invitation once more, at most once per application window."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(signup)
        cohort = locked.cohort
        if locked.safe_contact != User.SafeContact.EMAIL or not locked.email:
            raise InterestError(
                _("%(name)s asked to be reached by phone or text, not email: please see the call-or-text list.")
                % {"name": locked.display_name},
                code="not_by_email",
            )
        if cohort is None or not cohort_selectors.cohort_is_open_for_applications(cohort, today=today):
            raise InterestError(
                _("Applications for %(name)s's cohort are not open, so there is nothing to invite them to yet.")
                % {"name": locked.display_name},
                code="window_not_open",
            )
        if locked.applied:
            raise InterestError(
                _("%(name)s has already applied for the %(cohort)s.") % {"name": locked.display_name, "cohort": cohort},
                code="already_applied",
            )
        if locked.invited_again:
            raise InterestError(
                _(
                    "%(name)s was invited again on %(date)s. One more invitation in each application window "
                    "is the most we send, so that nobody feels pressed."
                )
                % {"name": locked.display_name, "date": date_format(timezone.localdate(locked.invited_again_at))},
                code="already_invited_again",
            )
        now = timezone.now()
        notification_queue_many(
            [_invitation(locked, cohort, f"interest-invitation-again:{locked.public_id}:{cohort.pk}")]
        )
        locked.invited_again_at, locked.invited_again_by = now, by
        fields = ["invited_again_at", "invited_again_by"]
        if not locked.invited:  # the first invitation had not gone yet: this one is it
            locked.invited_cohort, locked.invited_at = cohort, now
            fields += ["invited_cohort", "invited_at"]
        locked.save(update_fields=fields)
    return locked


def interest_mark_contacted(*, signup: InterestSignup, by: User, today: datetime.date | None = None) -> InterestSignup:
    """Record that program staff called or texted her about her cohort's window: who and when."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(signup)
        cohort = locked.cohort
        if locked.safe_contact not in BY_PHONE:
            raise InterestError(
                _("%(name)s chose email: the invitation goes to them by email.") % {"name": locked.display_name},
                code="not_by_phone",
            )
        if cohort is None:
            raise InterestError(
                _("No cohort is taking applications or announced yet. Please reach %(name)s once one opens.")
                % {"name": locked.display_name},
                code="window_not_open",
            )
        if cohort.applications_open > today:
            raise InterestError(
                _("Applications for the %(cohort)s open on %(date)s. Please reach %(name)s then.")
                % {"cohort": cohort, "date": date_format(cohort.applications_open), "name": locked.display_name},
                code="window_not_open",
            )
        if locked.contacted:
            raise InterestError(
                _("%(name)s was already marked as contacted on %(date)s.")
                % {"name": locked.display_name, "date": date_format(timezone.localdate(locked.contacted_at))},
                code="already_contacted",
            )
        locked.contacted_at, locked.contacted_by = timezone.now(), by
        locked.save(update_fields=["contacted_at", "contacted_by"])
    return locked


def interest_signup_remove(*, signup: InterestSignup, by: User) -> None:
    """Remove her from the interest list at her request (what goes and what stays: see
    the rules above)."""
    with transaction.atomic():
        locked = InterestSignup.objects.select_for_update().filter(pk=signup.pk).first()
        if locked is None:  # removed a moment ago (a second click)
            return
        interest_messages_delete([locked])
        removal_record(locked, by=by)
        locked.delete()


def interest_messages_delete(signups) -> None:
    """Every message about the interest list to these people, waiting or sent: each holds
    the address (its key, her public id). Used by removal on request and by erasure."""
    for signup in signups:
        Notification.objects.filter(kind__in=INTEREST_KINDS, key__contains=str(signup.public_id)).delete()
