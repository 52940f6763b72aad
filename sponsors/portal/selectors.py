"""Reads for the sponsor portal and the impact report.

What a sponsor sees of a participant is decided here, once: `SponsoredParticipant` holds
only the fields the participant consented to share with one of the viewer's sponsors;
the others are never loaded, so a template cannot show them by mistake.

Rules chosen here: the name too is shared only by choice (`Consent.name`). Without it a
sponsor sees "Participant N", numbered within the organisation's list, which is ordered
by cohort (newest first) and then by the participant's public id: random, so the number
says nothing of who they are or when they enrolled. An organisation paying for one
person only sees "A participant". The page about one person uses the numbering of the
first (by name) of the viewer's organisations paying for them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext

from certificates.selectors import valid_certificates
from checkins.models import Placement
from checkins.placement.selectors import current_placements
from checkins.surveys.selectors import SurveyResult, survey_results
from cohorts.models import Cohort, Participant
from cpse.aggregates import Cell, fewer_than, is_small, suppress
from cpse.prepared import prepared_rows
from requirements_tracking.progress import (
    TRACKED_KINDS,
    hour_sums,
    progress_facts,
    progress_row,
    requirements_for_progress,
)
from sponsors.models import Consent, Sponsor, SponsorMember, Sponsorship
from sponsors.models.consent import SHAREABLE
from sponsors.models.sponsorships import SponsorshipSeat

PROGRESS_FIELDS = frozenset({"progress_percentages", "requirement_completion"})


NAME = "name"


def memberships_for_user(user) -> QuerySet[SponsorMember]:
    return SponsorMember.objects.filter(user=user).select_related("sponsor").order_by("sponsor__name")


def _current_seats(sponsor_ids) -> QuerySet[SponsorshipSeat]:
    """Seats now paying for someone, on active sponsorships of these sponsors."""
    return SponsorshipSeat.objects.filter(
        sponsorship__sponsor_id__in=sponsor_ids,
        sponsorship__status=Sponsorship.Status.ACTIVE,
        participant__isnull=False,
        ended_on__isnull=True,
    )


def _seats_with_people(user) -> list[SponsorshipSeat]:
    """`_current_seats` of the organisations this person signs in for, each with its
    sponsor, the participant and their cohort, and `certified` (`valid_certificates`), in
    one query. Of the participant only the public id, the status (the impact counts) and
    the cohort are loaded: their name is loaded in `_shared_views` for those who share it.
    Building the query costs more than running it: its statement is built once per person
    and day (`cpse.prepared`); the rows are read every time."""
    today = timezone.localdate()

    def seats() -> QuerySet[SponsorshipSeat]:
        return (
            _current_seats(SponsorMember.objects.filter(user_id=user.pk).values("sponsor_id"))
            .select_related("sponsorship__sponsor", "participant__cohort")
            .only("sponsorship__sponsor", "participant__public_id", "participant__status", "participant__cohort")
            .annotate(
                certified=Exists(valid_certificates(today=today).filter(participant_id=OuterRef("participant_id")))
            )
            .order_by("sponsorship__sponsor__name", "sponsorship__sponsor_id", "pk")
        )

    return prepared_rows(("sponsors.portal.seats", user.pk, today), seats)


def placement_summary_for(participant_ids) -> dict[int, str]:
    """Where each participant works now ("agency, role"), for those who share it. Only the
    placement itself: its supervisor, pauses and check-ins are never offered to sponsors."""
    return {
        participant_id: gettext("%(agency)s, %(role)s (%(terms)s)")
        % {
            "agency": placement.agency,
            "role": placement.role_other if placement.role == Placement.Role.OTHER else placement.get_role_display(),
            "terms": placement.get_terms_display().lower(),
        }
        for participant_id, placement in current_placements(participant_ids).items()
    }


@dataclass(frozen=True)
class SharedRequirement:
    """One requirement as a sponsor sees it. Shared progress ("progress_percentages") is
    said in the requirement's own words: hours done of hours needed ("8 of 12 hours");
    for a requirement passed once (the exam, observed practice), done or not."""

    name: str
    hours_done: Decimal | None  # None: not shared, or not an hours requirement
    hours_needed: Decimal | None
    passed: bool | None  # a requirement passed once, its progress shared (else None)
    complete: bool | None  # None: not shared

    @property
    def hours_plural(self) -> int:
        """A whole number to choose "hour" or "hours" by (gettext needs an integer)."""
        return 1 if self.hours_needed == 1 else 2


@dataclass
class SponsoredParticipant:
    participant_id: int
    public_id: object
    # What the sponsor may call them: their name if they chose to share it, else "Participant N".
    display_name: str
    named: bool
    cohort: Cohort
    # What they share besides their name.
    shares: frozenset[str]
    requirements: list[SharedRequirement] = field(default_factory=list)
    certified: bool | None = None
    placement: str | None = None

    @property
    def shares_anything(self) -> bool:
        return bool(self.shares)

    @property
    def shares_progress(self) -> bool:
        return bool(self.shares & PROGRESS_FIELDS)


def named_to_sponsor(*, sponsor_id: int, participant_ids) -> set[int]:
    """Those of these participants who chose to be named to this sponsor."""
    return set(
        Consent.objects.filter(sponsor_id=sponsor_id, participant_id__in=participant_ids, name=True).values_list(
            "participant_id", flat=True
        )
    )


def _in_list_order(people: list[Participant]) -> list[Participant]:
    """A sponsor's list of people: newest cohort first, then by public id (random)."""
    return sorted(people, key=lambda p: (-p.cohort.year, str(p.public_id)))


def _pseudonyms(people: list[Participant]) -> dict[int, str]:
    """What a sponsor calls each of its people (in list order) who is not named to it."""
    if len(people) == 1:
        return {people[0].pk: gettext("A participant")}
    return {p.pk: gettext("Participant %(number)s") % {"number": n} for n, p in enumerate(_in_list_order(people), 1)}


Group = tuple[list[Participant], list[int], dict[int, str]]


def _consents(participant_ids, sponsor_ids) -> QuerySet[Consent]:
    """What these participants share with these sponsors, with the name of those who share it."""
    return (
        Consent.objects.filter(participant_id__in=participant_ids, sponsor_id__in=sponsor_ids)
        .only("participant_id", "sponsor_id", *SHAREABLE)
        .annotate(
            shared_name=Case(
                When(name=True, then=F("participant__user__display_name")), default=None, output_field=CharField()
            )
        )
    )


def _shared_views(
    groups: list[Group], *, certified: set[int], hours: dict | None = None
) -> list[list[SponsoredParticipant]]:
    """For each group (participants, the sponsors they are seen through, what those
    sponsors call each of them when unnamed), the fields each participant shares with those
    sponsors, and nothing else. `certified`: those of them certified today (the caller
    loaded it with the seats); `hours`: their `hour_sums`, if the caller has them. A fixed
    number of queries whatever the number of groups and participants: the consents (with
    the name of those who share it; its statement built once per set of people and
    sponsors, `cpse.prepared`), then progress and placements only for those who share
    them."""
    participant_ids = {p.pk for participants, _sponsors, _labels in groups for p in participants}
    sponsor_ids = {sid for _participants, sponsors, _labels in groups for sid in sponsors}
    consented: dict[tuple[int, int], set[str]] = {}
    names: dict[int, str] = {}
    if participant_ids:
        key = ("sponsors.portal.consents", tuple(sorted(participant_ids)), tuple(sorted(sponsor_ids)))
        for consent in prepared_rows(key, lambda: _consents(participant_ids, sponsor_ids)):
            consented[consent.participant_id, consent.sponsor_id] = {n for n in SHAREABLE if getattr(consent, n)}
            if consent.shared_name is not None:
                names[consent.participant_id] = consent.shared_name
    shares = [
        {p.pk: frozenset().union(*(consented.get((p.pk, sid), ()) for sid in sponsors)) for p in participants}
        for participants, sponsors, _labels in groups
    ]
    everyone = {p.pk: p for participants, _sponsors, _labels in groups for p in participants}
    progress_ids = sorted({pid for group in shares for pid, names in group.items() if names & PROGRESS_FIELDS})
    placement_ids = sorted({pid for group in shares for pid, names in group.items() if "placement" in names})

    requirements_by_set: dict[int, list] = {}
    facts = None
    if progress_ids:
        set_ids = {everyone[pid].cohort.requirement_set_id for pid in progress_ids}
        requirements = [r for r in requirements_for_progress(requirement_set_id__in=set_ids) if r.kind in TRACKED_KINDS]
        for requirement in requirements:
            requirements_by_set.setdefault(requirement.requirement_set_id, []).append(requirement)
        facts = progress_facts(progress_ids, requirements, hours=hours)
    placements = placement_summary_for(placement_ids) if placement_ids else {}

    views = []
    for (participants, _sponsors, labels), group_shares in zip(groups, shares, strict=True):
        rows = []
        for participant in participants:
            named = NAME in group_shares[participant.pk]
            shared = group_shares[participant.pk] - {NAME}
            row = SponsoredParticipant(
                participant_id=participant.pk,
                public_id=participant.public_id,
                display_name=names[participant.pk] if named else labels[participant.pk],
                named=named,
                cohort=participant.cohort,
                shares=shared,
            )
            if facts is not None and shared & PROGRESS_FIELDS:
                for requirement in requirements_by_set.get(participant.cohort.requirement_set_id, []):
                    progress = progress_row(requirement, facts, participant.pk)
                    in_hours = "progress_percentages" in shared and progress.counts_hours
                    row.requirements.append(
                        SharedRequirement(
                            name=str(requirement),
                            hours_done=min(progress.approved, requirement.amount) if in_hours else None,
                            hours_needed=requirement.amount if in_hours else None,
                            passed=progress.complete
                            if "progress_percentages" in shared and not progress.counts_hours
                            else None,
                            complete=progress.complete if "requirement_completion" in shared else None,
                        )
                    )
            if "certificate_status" in shared:
                row.certified = participant.pk in certified
            if "placement" in shared:
                row.placement = placements.get(participant.pk)
            rows.append(row)
        views.append(rows)
    return views


@dataclass
class SponsorPortal:
    membership: SponsorMember
    sponsorships: list[Sponsorship]
    participants: list[SponsoredParticipant]


def _portals(memberships: list[SponsorMember], seats: list[SponsorshipSeat], hours: dict) -> list[SponsorPortal]:
    """For each organisation the person signs in for: its active sponsorships (with the
    number of people each pays for now) and the people it pays for, with what each shares
    with it (`_shared_views`). The sponsorships' statement is built once per set of
    organisations (`cpse.prepared`: building it costs more than running it)."""
    sponsor_ids = tuple(m.sponsor_id for m in memberships)

    def active() -> QuerySet[Sponsorship]:
        return (
            Sponsorship.objects.filter(sponsor_id__in=sponsor_ids, status=Sponsorship.Status.ACTIVE)
            .select_related("cohort")
            .annotate(
                people=Count(
                    "seat_rows", filter=Q(seat_rows__participant__isnull=False, seat_rows__ended_on__isnull=True)
                )
            )
            .order_by("-cohort__year", "pk")
        )

    sponsorships = prepared_rows(("sponsors.portal.sponsorships", sponsor_ids), active)
    by_sponsor: dict[int, list[Sponsorship]] = {}
    for sponsorship in sponsorships:
        by_sponsor.setdefault(sponsorship.sponsor_id, []).append(sponsorship)
    groups = []
    for membership in memberships:
        mine = _in_list_order(
            list(
                {
                    seat.participant_id: seat.participant
                    for seat in seats
                    if seat.sponsorship.sponsor_id == membership.sponsor_id
                }.values()
            )
        )
        # Each organisation sees what is shared with it, not with another organisation the
        # same person also signs in for.
        groups.append((mine, [membership.sponsor_id], _pseudonyms(mine)))
    views = _shared_views(groups, certified={seat.participant_id for seat in seats if seat.certified}, hours=hours)
    return [
        SponsorPortal(
            membership=membership, sponsorships=by_sponsor.get(membership.sponsor_id, []), participants=shared
        )
        for membership, shared in zip(memberships, views, strict=True)
    ]


@dataclass
class PortalPage:
    portals: list[SponsorPortal]
    impact: list["ImpactRow"]
    impact_surveys: list[SurveyResult]


def portal_page_for_user(user) -> PortalPage:
    """The portal's home page: `_portals` and the impact summary, from the same
    memberships, seats and hours. A fixed number of queries whatever the number of
    organisations or people."""
    memberships = list(memberships_for_user(user))
    if not memberships:
        return PortalPage(portals=[], impact=[], impact_surveys=[])
    seats = _seats_with_people(user)
    hours = hour_sums(sorted({seat.participant_id for seat in seats})) if seats else {}
    impact = _impact_rows(seats, hours)
    return PortalPage(portals=_portals(memberships, seats, hours), impact=impact, impact_surveys=impact_surveys(impact))


def sponsored_participant_for_user(*, user, public_id) -> tuple[SponsoredParticipant, list[Sponsor]] | None:
    """One participant a sponsor of this person pays for now, with what they share with
    those sponsors; None (the view answers 404) for anybody else. The seats of all the
    person's organisations are read once: the participant, who pays for them, and the
    numbering of the first of those organisations' list all come from them."""
    seats = _seats_with_people(user)
    theirs = [seat for seat in seats if str(seat.participant.public_id) == str(public_id)]
    if not theirs:
        return None
    participant = theirs[0].participant
    paying = sorted({seat.sponsorship.sponsor for seat in theirs}, key=lambda sponsor: (sponsor.name, sponsor.pk))
    # Numbered as in the list of the first of those organisations.
    first = paying[0].pk
    people = list(
        {seat.participant_id: seat.participant for seat in seats if seat.sponsorship.sponsor_id == first}.values()
    )
    certified = {participant.pk} if theirs[0].certified else set()
    view = _shared_views([([participant], [s.pk for s in paying], _pseudonyms(people))], certified=certified)
    return view[0][0], paying


@dataclass(frozen=True)
class ImpactRow:
    sponsor: Sponsor
    cohort: Cohort
    sponsored: int
    enrolled: int
    completed: int
    certified: int
    hours_total: Decimal
    hours_average: Decimal

    @property
    def small(self) -> bool:
        return is_small(self.sponsored)

    @property
    def cells(self) -> list[str]:
        """The figures as shown: in a group smaller than `SMALL_GROUP` nothing is a
        number. Elsewhere the people sponsored are enrolled, completed or have left: one
        line with its total (cpse.aggregates), where those who left are not shown but a
        sponsor may know them, so no count can be worked out from the others. The number
        sponsored is always shown (enrolled and completed can always hide instead), so the
        average beside it gives nothing away."""
        if self.small:
            return [fewer_than()] * 6
        left = self.sponsored - self.enrolled - self.completed
        table = suppress([[self.enrolled, self.completed, left]], row_totals=True, known=frozenset({(0, 2)}))
        enrolled, completed, _left = table.cells[0]
        certified = Cell.of(self.certified)  # nested in completed: on its own, as in the reports
        return [
            str(self.sponsored),
            str(enrolled),
            str(completed),
            str(certified),
            str(self.hours_total),
            str(self.hours_average),
        ]


def impact_for_user(user) -> list[ImpactRow]:
    """Per organisation and funded cohort: how many people it pays for, how many are
    enrolled, have completed, are certified, and their approved hours. Counts only; the
    page and the download hide small groups (`SMALL_GROUP`)."""
    seats = _seats_with_people(user)
    return _impact_rows(seats, hour_sums(sorted({seat.participant_id for seat in seats})) if seats else {})


def _impact_rows(seats: list[SponsorshipSeat], hours_by_category: dict) -> list[ImpactRow]:
    hours: dict[int, Decimal] = {}
    for (pid, _category), row in hours_by_category.items():
        hours[pid] = hours.get(pid, Decimal("0")) + (row.get("approved") or Decimal("0"))
    groups: dict[tuple[int, int], dict[int, Participant]] = {}
    sponsors, certified = {}, set()
    for seat in seats:
        sponsor = sponsors.setdefault(seat.sponsorship.sponsor_id, seat.sponsorship.sponsor)
        groups.setdefault((sponsor.pk, seat.participant.cohort_id), {})[seat.participant_id] = seat.participant
        if seat.certified:
            certified.add(seat.participant_id)
    S = Participant.Status
    rows = []
    for (sponsor_id, _cohort_id), people in groups.items():
        total = sum((hours.get(pid, Decimal("0")) for pid in people), Decimal("0"))
        rows.append(
            ImpactRow(
                sponsor=sponsors[sponsor_id],
                cohort=next(iter(people.values())).cohort,
                sponsored=len(people),
                enrolled=sum(1 for p in people.values() if p.taking_part),
                completed=sum(1 for p in people.values() if p.status in (S.COMPLETED, S.CERTIFIED)),
                certified=len(people.keys() & certified),
                # The same figure on every database (PostgreSQL sums keep two decimals).
                hours_total=whole if (whole := total.to_integral_value()) == total else total.quantize(Decimal("0.01")),
                hours_average=(total / len(people)).quantize(Decimal("0.1")),
            )
        )
    rows.sort(key=lambda r: (r.sponsor.name, -r.cohort.year))
    return rows


def impact_surveys(rows: list[ImpactRow]) -> list[SurveyResult]:
    """The evaluation surveys of the cohorts in the impact summary: the same aggregates
    staff see, small groups suppressed, never comments (one query)."""
    cohorts = {row.cohort.pk: row.cohort for row in rows}
    return survey_results(list(cohorts.values())) if cohorts else []
