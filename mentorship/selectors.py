"""Reads for peer mentorship. What a mentor sees of a mentee is built here, in one place
(`mentee_cards`): only what the participant shares, and never check-ins, reflections,
concerns, their legal name or their safe-contact note.

Rules chosen here: a mentee who shares how to reach them is shown to their mentor on the
same contact card as staff see (`accounts.selectors.contact_card`): the safe way they
chose, and the phone or email only when that way allows it; their note stays with staff."""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.selectors import ContactCard, contact_card
from certificates.selectors import user_is_certified, valid_certificates
from checkins.models import Placement
from checkins.placement.selectors import current_placements
from cohorts.models import Participant
from cohorts.selectors import current_participation
from mentorship.models import Mentor, MentorInvitation, MentorMeeting, MentorPayment, Mentorship, MentorVolunteer
from requirements_tracking.progress import RequirementProgress, progress_facts, progress_row, requirements_for_progress

# The pages a mentor opens for each thing a participant may share.
SHARES = {"progress": "shares_progress", "placement": "shares_placement", "contact": "shares_contact"}


def is_graduate(user) -> bool:
    """A graduate who may offer to mentor: certified today, by the certificates app's one
    rule (`certificates.selectors`: a valid certificate, not revoked, replaced or expired)."""
    return user_is_certified(user)


def invited_to_mentor(user) -> bool:
    """Whether the certificate page invites this person to offer to mentor: they are
    certified (`is_graduate`), are not a mentor (now or before), and have made no offer
    (one waiting is with staff; one decided was answered)."""
    if not user.is_authenticated:
        return False
    return (
        valid_certificates()
        .filter(participant__user=user)
        .filter(~Exists(Mentor.objects.filter(user=user)), ~Exists(MentorVolunteer.objects.filter(user=user)))
        .exists()
    )  # one query


def mentor_for_user(user) -> Mentor | None:
    if not user.is_authenticated:
        return None
    return Mentor.objects.filter(user=user).first()


def _month_start(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


def _minutes(**filters) -> Coalesce:
    """The sum of minutes of a mentor's meetings matching `filters`, as a subquery (no join
    that would multiply the mentees count)."""
    total = (
        MentorMeeting.objects.filter(mentorship__mentor=OuterRef("pk"), **filters)
        .order_by()
        .values("mentorship__mentor")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return Coalesce(Subquery(total[:1], output_field=IntegerField()), Value(0))


def mentors_for_staff(*, today: datetime.date | None = None) -> QuerySet[Mentor]:
    """Active first, with their current mentees, minutes this month and unpaid minutes."""
    today = today or timezone.localdate()
    return (
        Mentor.objects.select_related("user")
        .annotate(
            mentees=Count("mentorships", filter=Q(mentorships__ended_on__isnull=True)),
            minutes_this_month=_minutes(met_on__gte=_month_start(today), met_on__lte=today),
            unpaid_minutes=_minutes(payment__isnull=True),
        )
        .order_by("-active", "user__display_name", "pk")
    )


def mentors_with_unpaid() -> QuerySet[Mentor]:
    return mentors_for_staff().filter(unpaid_minutes__gt=0)


def mentor_for_staff(public_id) -> Mentor | None:
    return mentors_for_staff().filter(public_id=public_id).first()


def mentorships_of_mentor(mentor: Mentor) -> QuerySet[Mentorship]:
    """Current first, then past: the participant's display name only."""
    return (
        Mentorship.objects.filter(mentor=mentor)
        .select_related("participant__user", "participant__cohort")
        .order_by("ended_on", "-started_on")
    )


def waiting_invitations() -> QuerySet[MentorInvitation]:
    return MentorInvitation.objects.filter(
        accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def offers_for_staff() -> QuerySet[MentorVolunteer]:
    """Waiting offers first."""
    return MentorVolunteer.objects.select_related("user").order_by(
        F("decided_at").desc(nulls_first=True), "-created_at"
    )


PAIRABLE = (Participant.Status.ENROLLED, Participant.Status.COMPLETED, Participant.Status.CERTIFIED)


def pairable_participants() -> QuerySet[Participant]:
    return (
        Participant.objects.filter(status__in=PAIRABLE)
        .select_related("user", "cohort")
        .order_by("-cohort__year", "user__display_name")
    )


def current_mentorship_for_participant(participant: Participant) -> Mentorship | None:
    return (
        Mentorship.objects.filter(participant=participant, ended_on__isnull=True).select_related("mentor__user").first()
    )


def mentorships_of_participant(participant: Participant) -> QuerySet[Mentorship]:
    """Every pairing of the participant, the latest first, each with how many meetings
    were logged (`meetings_count`) and their minutes (`meetings_minutes`); one query,
    meetings' topics not read (the participant record)."""
    return (
        Mentorship.objects.filter(participant=participant)
        .select_related("mentor__user")
        .annotate(meetings_count=Count("meetings"), meetings_minutes=Coalesce(Sum("meetings__minutes"), 0))
        .order_by("-started_on", "-pk")
    )


def my_mentorship(user) -> Mentorship | None:
    """The signed-in participant's current pairing (their latest participation)."""
    participant = current_participation(user)
    return current_mentorship_for_participant(participant) if participant else None


def meetings_of(mentorship: Mentorship) -> QuerySet[MentorMeeting]:
    return MentorMeeting.objects.filter(mentorship=mentorship).order_by("-met_on", "-pk")


# --- What a mentor sees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeCard:
    """A mentee as their mentor sees them: the display name, and only what they share."""

    mentorship: Mentorship
    name: str
    progress: list[RequirementProgress] | None = None
    placement: Placement | None = None
    shares_placement: bool = False
    contact: ContactCard | None = None  # None: not shared

    @property
    def shares_progress(self) -> bool:
        return self.progress is not None

    @property
    def shares_contact(self) -> bool:
        return self.contact is not None


def _current_pairings() -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(ended_on__isnull=True).select_related("participant__user", "participant__cohort")


def current_mentees(mentor: Mentor) -> QuerySet[Mentorship]:
    return _current_pairings().filter(mentor=mentor).order_by("participant__user__display_name", "pk")


def mentee_for_mentor(*, user, public_id) -> Mentorship | None:
    """A current mentee of the signed-in person's mentor account while it is active, with
    that mentor, in one query; anyone else's pairing is unknown (None)."""
    return (
        _current_pairings()
        .filter(mentor__user=user, mentor__active=True, public_id=public_id)
        .select_related("mentor")
        .first()
    )


def mentee_cards(mentorships: list[Mentorship]) -> list[MenteeCard]:
    """Cards for these pairings, in a fixed number of queries: progress per requirement set
    (one query for its requirements, one per kind), one for current placements."""
    progress_ids = defaultdict(list)
    for mentorship in mentorships:
        if mentorship.shares_progress:
            progress_ids[mentorship.participant.cohort.requirement_set_id].append(mentorship.participant_id)
    progress: dict[int, list[RequirementProgress]] = {}
    for set_id, ids in progress_ids.items():
        requirements = list(requirements_for_progress(requirement_set_id=set_id))
        facts = progress_facts(ids, requirements)
        for participant_id in ids:
            progress[participant_id] = [progress_row(r, facts, participant_id) for r in requirements]
    placed = [m.participant_id for m in mentorships if m.shares_placement]
    placements = current_placements(placed) if placed else {}
    cards = []
    for mentorship in mentorships:
        user = mentorship.participant.user
        cards.append(
            MenteeCard(
                mentorship=mentorship,
                name=user.display_name,
                progress=progress.get(mentorship.participant_id) if mentorship.shares_progress else None,
                placement=placements.get(mentorship.participant_id),
                shares_placement=mentorship.shares_placement,
                contact=_contact_for_mentor(user) if mentorship.shares_contact else None,
            )
        )
    return cards


def _contact_for_mentor(user) -> ContactCard:
    """The staff's contact card (what the safe way allows), without her note (see the
    module's rules)."""
    return dataclasses.replace(contact_card(user), note="")


def meetings_of_mentor(mentor: Mentor) -> QuerySet[MentorMeeting]:
    return (
        MentorMeeting.objects.filter(mentorship__mentor=mentor)
        .select_related("mentorship__participant__user", "payment")
        .order_by("-met_on", "-pk")
    )


def meeting_for_mentor(*, mentor: Mentor, public_id) -> MentorMeeting | None:
    return meetings_of_mentor(mentor).filter(public_id=public_id).first()


def payments_of(mentor: Mentor) -> QuerySet[MentorPayment]:
    return MentorPayment.objects.filter(mentor=mentor).order_by("-paid_on", "-pk")


def payments_for_staff() -> QuerySet[MentorPayment]:
    return MentorPayment.objects.select_related("mentor__user", "recorded_by").order_by("-paid_on", "-pk")


def unpaid_meetings(mentor: Mentor) -> QuerySet[MentorMeeting]:
    return MentorMeeting.objects.filter(mentorship__mentor=mentor, payment__isnull=True).order_by("met_on", "pk")


@dataclass(frozen=True)
class Hours:
    this_month: int
    unpaid: int
    paid: int


def hours_of(mentor: Mentor, *, today: datetime.date | None = None) -> Hours:
    """Minutes this month, unpaid and paid, in one query."""
    today = today or timezone.localdate()
    totals = MentorMeeting.objects.filter(mentorship__mentor=mentor).aggregate(
        this_month=Sum("minutes", filter=Q(met_on__gte=_month_start(today), met_on__lte=today)),
        unpaid=Sum("minutes", filter=Q(payment__isnull=True)),
        paid=Sum("minutes", filter=Q(payment__isnull=False)),
    )
    return Hours(**{name: value or 0 for name, value in totals.items()})
