"""Writes for peer mentorship: mentors and their invitations, pairings, what a participant
shares with their mentor, meetings, payments for mentoring hours, and graduates' offers
to mentor.

Who may do what is checked by the views; these services check the rules of the data.
Change history comes from the audit log (`track` in apps.py): rows are saved with
`save()` where a change must be recorded (a participant's sharing choices).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.invitations import services as invitations
from accounts.models import Role, User
from accounts.selectors import active_program_staff
from accounts.services import user_grant_role
from cohorts.models import Participant
from cpse.audit.services import change_record
from cpse.errors import DomainError
from cpse.notify.services import Message, notification_queue, notification_queue_many
from mentorship.models import Mentor, MentorInvitation, MentorMeeting, MentorPayment, Mentorship, MentorVolunteer
from mentorship.selectors import is_graduate

INVITATION_DAYS = 14
MEETING_MINUTES = (5, 480)
# People who can be paired: in the program or graduated (not withdrawn, not on leave).
PAIRABLE = (Participant.Status.ENROLLED, Participant.Status.COMPLETED, Participant.Status.CERTIFIED)


class MentorshipError(DomainError):
    code = "mentorship_error"


class InvitationError(MentorshipError):
    code = "invalid_link"


# --- Mentors ------------------------------------------------------------------------------------


def _check_rate(hourly_rate_cents: int) -> None:
    if hourly_rate_cents < 0:
        raise MentorshipError(_("The hourly rate cannot be negative."), code="bad_rate")


def mentor_create(*, user: User, background: str, hourly_rate_cents: int, by: User | None) -> Mentor:
    """Make an existing account a mentor (the `mentor` role, so two-step sign-in is asked
    for at their next page). A former mentor is made active again."""
    _check_rate(hourly_rate_cents)
    if not user.is_active:
        raise MentorshipError(_("This account is not active."), code="inactive_account")
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().filter(user=user).first()
        if mentor is not None and mentor.active:
            raise MentorshipError(_("This person is already a mentor."), code="already_mentor")
        if mentor is None:
            mentor = Mentor(user=user)
        mentor.background, mentor.hourly_rate_cents, mentor.active = background, hourly_rate_cents, True
        mentor.save()
        user_grant_role(user=user, role=Role.MENTOR)
    return mentor


def mentor_update(*, mentor: Mentor, background: str, hourly_rate_cents: int, active: bool, by: User) -> Mentor:
    """Change a mentor's background or rate, or stop them mentoring (only once their
    pairings have ended, so no participant is left with a mentor who no longer signs in)."""
    _check_rate(hourly_rate_cents)
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
        if not active and mentor.mentorships.filter(ended_on__isnull=True).exists():
            raise MentorshipError(
                _("Please end this mentor's pairings before they stop mentoring."), code="has_mentees"
            )
        mentor.background, mentor.hourly_rate_cents, mentor.active = background, hourly_rate_cents, active
        mentor.save()
        if active:
            user_grant_role(user=mentor.user, role=Role.MENTOR)
        else:
            mentor.user.groups.remove(*mentor.user.groups.filter(name=Role.MENTOR))
    return mentor


# --- Invitations (the link's life is accounts.invitations.services) -------------------------------------


def invitation_send(*, email: str, background: str, hourly_rate_cents: int, by: User) -> tuple[MentorInvitation, str]:
    """A one-time link for `email` to become a mentor. A link still waiting for the same
    address stops working (a resend is a new link). Returns the row and the raw token."""
    _check_rate(hourly_rate_cents)
    email = email.strip().lower()
    token, token_hash = invitations.token_new()
    now = timezone.now()
    with transaction.atomic():
        invitations.invitation_cancel_waiting(MentorInvitation.objects.filter(email__iexact=email))
        invitation = MentorInvitation.objects.create(
            email=email,
            background=background,
            hourly_rate_cents=hourly_rate_cents,
            token_hash=token_hash,
            invited_by=by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        )
        notification_queue(
            kind="mentor_invitation",
            key=f"mentor-invitation:{invitation.pk}",
            to_email=email,
            context={
                "path": reverse("mentorship:invitation", kwargs={"token": token}),
                "expires": invitation.expires_at,
            },
            one_time_link=True,
        )
    return invitation, token


def invitation_cancel(*, invitation: MentorInvitation, by: User) -> None:
    if not invitations.invitation_cancel_waiting(MentorInvitation.objects.filter(pk=invitation.pk)):
        raise MentorshipError(_("This invitation is no longer waiting."), code="not_waiting")


def invitation_for_token(token: str) -> MentorInvitation:
    """The waiting invitation behind a link (accounts.invitations.services: every closed link gets
    the same answer)."""
    return invitations.invitation_waiting(MentorInvitation.objects.all(), token, error=InvitationError)


def invitation_accept(*, token: str, user: User) -> Mentor:
    """The signed-in person, with the invited address, becomes a mentor. Works once."""
    invitation = invitation_for_token(token)
    with transaction.atomic():
        invitations.invitation_claim(invitation, user=user, error=InvitationError)
        mentor = Mentor.objects.select_for_update().filter(user=user).first() or Mentor(user=user)
        mentor.background, mentor.hourly_rate_cents, mentor.active = (
            invitation.background,
            invitation.hourly_rate_cents,
            True,
        )
        mentor.save()
        user_grant_role(user=user, role=Role.MENTOR)
    return mentor


# --- Pairings -----------------------------------------------------------------------------------


def _notify_paired(mentorship: Mentorship) -> None:
    """Both people are told there is news, nothing more (names are on the site)."""
    notification_queue_many(
        [
            Message(
                kind="mentorship_paired",
                key=f"mentorship-paired:{mentorship.public_id}:{person.pk}",
                recipient=person,
                context={"path": path},
            )
            for person, path in (
                (mentorship.participant.user, reverse("mentorship:mine")),
                (mentorship.mentor.user, reverse("mentorship:portal")),
            )
        ]
    )


def mentorship_pair(*, participant: Participant, mentor: Mentor, by: User) -> Mentorship:
    """Pair `participant` with `mentor`; their current pairing (if any) ends today. What
    the participant shares starts empty with every new mentor."""
    if participant.status not in PAIRABLE:
        raise MentorshipError(
            _("Only participants in the program or graduates can have a mentor."), code="not_pairable"
        )
    if not mentor.active:
        raise MentorshipError(_("This mentor is not active."), code="mentor_inactive")
    if mentor.user_id == participant.user_id:
        raise MentorshipError(_("A person cannot mentor themselves."), code="self")
    today = timezone.localdate()
    with transaction.atomic():
        participant = Participant.objects.select_for_update().select_related("user").get(pk=participant.pk)
        current = Mentorship.objects.select_for_update().filter(participant=participant, ended_on__isnull=True).first()
        if current is not None:
            if current.mentor_id == mentor.pk:
                raise MentorshipError(_("These two are already paired."), code="already_paired")
            current.ended_on = today
            current.save(update_fields=["ended_on"])
        try:
            with transaction.atomic():
                mentorship = Mentorship.objects.create(
                    participant=participant, mentor=mentor, started_on=today, created_by=by
                )
        except IntegrityError as error:  # pragma: no cover - the lock serialises writers
            raise MentorshipError(_("This pairing was just made."), code="duplicate") from error
        _notify_paired(mentorship)
    return mentorship


def mentorship_end(*, mentorship: Mentorship, by: User) -> Mentorship:
    with transaction.atomic():
        mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if mentorship.ended_on is not None:
            raise MentorshipError(_("This pairing has already ended."), code="already_ended")
        mentorship.ended_on = timezone.localdate()
        mentorship.save(update_fields=["ended_on"])
    return mentorship


def shares_set(*, mentorship: Mentorship, choices: dict[str, bool], by: User) -> Mentorship:
    """The participant's choice of what their mentor sees; each change is timestamped and
    kept in the change history."""
    with transaction.atomic():
        mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if mentorship.ended_on is not None:
            raise MentorshipError(_("This pairing has ended."), code="ended")
        changed = False
        for name in Mentorship.SHAREABLE:
            value = bool(choices.get(name, False))
            if getattr(mentorship, name) != value:
                setattr(mentorship, name, value)
                changed = True
        if changed:
            mentorship.shares_updated_at = timezone.now()
            mentorship.save()
    return mentorship


# --- Meetings -----------------------------------------------------------------------------------


def _check_meeting(
    *, mentorship: Mentorship, met_on: datetime.date, minutes: int, topic: str, today: datetime.date | None
) -> None:
    today = today or timezone.localdate()
    if met_on > today:
        raise MentorshipError(_("The date cannot be in the future."), code="future")
    if met_on < mentorship.started_on:
        raise MentorshipError(
            _("The date cannot be before you were paired (%(date)s).") % {"date": date_format(mentorship.started_on)},
            code="before_pairing",
        )
    low, high = MEETING_MINUTES
    if not low <= minutes <= high:
        raise MentorshipError(
            _("A meeting lasts between %(low)s and %(high)s minutes.") % {"low": low, "high": high}, code="minutes"
        )
    if topic not in MentorMeeting.Topic.values:
        raise MentorshipError(_("Please choose a topic."), code="topic")


def meeting_log(
    *,
    mentorship: Mentorship,
    met_on: datetime.date,
    minutes: int,
    topic: str,
    by: User,
    today: datetime.date | None = None,
) -> MentorMeeting:
    """A meeting of a current pairing, logged by its mentor."""
    _check_meeting(mentorship=mentorship, met_on=met_on, minutes=minutes, topic=topic, today=today)
    with transaction.atomic():
        mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if mentorship.ended_on is not None:
            raise MentorshipError(_("This pairing has ended."), code="ended")
        return MentorMeeting.objects.create(
            mentorship=mentorship, met_on=met_on, minutes=minutes, topic=topic, logged_by=by
        )


def _unpaid_locked(meeting: MentorMeeting) -> MentorMeeting:
    meeting = MentorMeeting.objects.select_for_update().select_related("mentorship").get(pk=meeting.pk)
    if meeting.payment_id is not None:
        raise MentorshipError(_("This meeting has been paid and can no longer be changed."), code="paid")
    return meeting


def meeting_update(
    *,
    meeting: MentorMeeting,
    met_on: datetime.date,
    minutes: int,
    topic: str,
    by: User,
    today: datetime.date | None = None,
) -> MentorMeeting:
    with transaction.atomic():
        meeting = _unpaid_locked(meeting)
        _check_meeting(mentorship=meeting.mentorship, met_on=met_on, minutes=minutes, topic=topic, today=today)
        meeting.met_on, meeting.minutes, meeting.topic = met_on, minutes, topic
        meeting.save()
    return meeting


def meeting_delete(*, meeting: MentorMeeting, by: User) -> None:
    with transaction.atomic():
        _unpaid_locked(meeting).delete()


# --- Payments -----------------------------------------------------------------------------------


def amount_for(*, minutes: int, hourly_rate_cents: int) -> int:
    """Whole cents for `minutes` at the hourly rate, rounded half up."""
    return (minutes * hourly_rate_cents + 30) // 60


def payment_record(
    *,
    mentor: Mentor,
    expected_minutes: int,
    reference: str,
    by: User,
    paid_on: datetime.date | None = None,
) -> MentorPayment:
    """Pay every unpaid meeting of `mentor` in one payment. `expected_minutes` is what
    the person confirming saw: if meetings were logged or changed since, nothing is paid
    and they look again. The mentor's row and the meetings are locked, so no meeting is
    ever paid twice."""
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
        meetings = list(
            MentorMeeting.objects.select_for_update()
            .filter(mentorship__mentor=mentor, payment__isnull=True)
            .values_list("pk", "minutes")
        )
        if not meetings:
            raise MentorshipError(_("There are no unpaid meetings for this mentor."), code="nothing_unpaid")
        minutes = sum(m for _pk, m in meetings)
        if minutes != expected_minutes:
            raise MentorshipError(
                _("The unpaid meetings changed while you were looking. Please check the total again."),
                code="changed",
            )
        payment = MentorPayment.objects.create(
            mentor=mentor,
            minutes=minutes,
            amount_cents=amount_for(minutes=minutes, hourly_rate_cents=mentor.hourly_rate_cents),
            paid_on=paid_on or timezone.localdate(),
            reference=reference.strip(),
            recorded_by=by,
        )
        paid = MentorMeeting.objects.filter(pk__in=[pk for pk, _m in meetings], payment__isnull=True).update(
            payment=payment
        )
        if paid != len(meetings):  # pragma: no cover - the row locks make this impossible
            raise MentorshipError(_("Some meetings were just paid."), code="changed")
        for meeting in MentorMeeting.objects.filter(pk__in=[pk for pk, _m in meetings]):
            change_record(meeting, changes={"payment": (None, payment)}, by=by)
    return payment


def unpaid_minutes(mentor: Mentor) -> int:
    return (
        MentorMeeting.objects.filter(mentorship__mentor=mentor, payment__isnull=True).aggregate(total=Sum("minutes"))[
            "total"
        ]
        or 0
    )


# --- Graduates' offers to mentor ----------------------------------------------------------------


def volunteer_offer(*, user: User, message: str) -> MentorVolunteer:
    """A graduate offers to mentor; program staff are told something waits, never what."""
    if not is_graduate(user):
        raise MentorshipError(_("Graduates of the program can offer to mentor."), code="not_graduate")
    if Mentor.objects.filter(user=user, active=True).exists():
        raise MentorshipError(_("You are already a peer mentor."), code="already_mentor")
    try:
        with transaction.atomic():
            offer = MentorVolunteer.objects.create(user=user, message=message.strip())
            for staff in active_program_staff():
                notification_queue(
                    kind="staff_attention",
                    key=f"mentor-offer:{offer.public_id}:{staff.pk}",
                    recipient=staff,
                    context={"path": reverse("mentorship:staff_volunteers")},
                )
    except IntegrityError as error:
        raise MentorshipError(
            _("Thank you: your offer is already with the program team."), code="already_offered"
        ) from error
    return offer


def _decide(*, offer: MentorVolunteer, status: str, by: User) -> MentorVolunteer:
    now = timezone.now()
    changed = MentorVolunteer.objects.filter(pk=offer.pk, status=MentorVolunteer.Status.WAITING).update(
        status=status, decided_at=now, decided_by=by
    )
    if not changed:
        raise MentorshipError(_("This offer has already been answered."), code="answered")
    change_record(
        offer,
        changes={
            "status": (MentorVolunteer.Status.WAITING, status),
            "decided_at": (offer.decided_at, now),
            "decided_by": (offer.decided_by_id, by),
        },
        by=by,
    )
    offer.refresh_from_db()
    notification_queue(
        kind="mentor_volunteer_answered",
        key=f"mentor-offer-answered:{offer.public_id}",
        recipient=offer.user,
        context={"path": reverse("mentorship:volunteer")},
    )
    return offer


def volunteer_accept(*, offer: MentorVolunteer, hourly_rate_cents: int, by: User) -> Mentor:
    with transaction.atomic():
        offer = _decide(offer=offer, status=MentorVolunteer.Status.ACCEPTED, by=by)
        return mentor_create(
            user=offer.user, background=Mentor.Background.GRADUATE, hourly_rate_cents=hourly_rate_cents, by=by
        )


def volunteer_decline(*, offer: MentorVolunteer, by: User) -> MentorVolunteer:
    with transaction.atomic():
        return _decide(offer=offer, status=MentorVolunteer.Status.DECLINED, by=by)
