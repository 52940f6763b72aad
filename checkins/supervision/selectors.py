"""Reads about supervision: a participant's contracts and sessions, the supervisor's
contracts waiting for them, and the gaps in supervision the check-in board shows.

Lists never load reflections (the session's own edit page and staff's page do)."""

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from checkins.models import SupervisionContract, SupervisionSession
from cohorts.models import Participant
from cpse.prepared import prepared_rows

Setting = SupervisionContract.Setting


def contract_in_force(
    current: Iterable[SupervisionContract], *, today: datetime.date, program_end: datetime.date
) -> SupervisionContract | None:
    """Of a participant's current contracts, the one supervision is measured against:
    the placement year's when there is one, agreed or not (the practicum is over once the
    placement year begins); else the practicum's while the program runs. A finished
    practicum's contract measures nothing, however well it was kept."""
    by_setting = {contract.setting: contract for contract in current}
    if Setting.PLACEMENT in by_setting:
        return by_setting[Setting.PLACEMENT]
    return by_setting.get(Setting.PRACTICUM) if today <= program_end else None


def current_contracts(participant: Participant) -> dict[str, SupervisionContract | None]:
    """The current contract of each setting (agreed or not), practicum first."""
    current = {
        contract.setting: contract
        for contract in SupervisionContract.objects.filter(participant=participant, replaced_at__isnull=True)
    }
    return {setting: current.get(setting) for setting in Setting.values}


def agreed_contracts(participant: Participant) -> QuerySet[SupervisionContract]:
    """The participant's contracts both sides agreed to (`SupervisionContract.agreed`),
    current and replaced."""
    return SupervisionContract.objects.filter(
        participant=participant, participant_agreed_at__isnull=False, supervisor_agreed_at__isnull=False
    )


def current_contract(participant: Participant, setting: str) -> SupervisionContract | None:
    return SupervisionContract.objects.filter(
        participant=participant, setting=setting, replaced_at__isnull=True
    ).first()


def contract_history(participant: Participant) -> QuerySet[SupervisionContract]:
    """Every contract, current and replaced, newest first."""
    return SupervisionContract.objects.filter(participant=participant).select_related("supervisor_user")


def sessions_for_participant(participant: Participant, *, with_reflections: bool = False) -> QuerySet:
    sessions = (
        SupervisionSession.objects.filter(contract__participant=participant)
        .select_related("contract")
        .order_by("-held_on", "-pk")
    )
    return sessions if with_reflections else sessions.defer("reflection")


def session_for_participant(*, user, public_id) -> SupervisionSession | None:
    """One of the signed-in person's own sessions (someone else's: None)."""
    return (
        SupervisionSession.objects.filter(public_id=public_id, contract__participant__user=user)
        .select_related("contract__participant")
        .first()
    )


def contracts_for_supervisor(user) -> QuerySet[SupervisionContract]:
    """Contracts waiting for this signed-in supervisor (their account has the named email)."""
    return (
        SupervisionContract.objects.filter(
            supervisor_user=user,
            replaced_at__isnull=True,
            participant_agreed_at__isnull=False,
            supervisor_agreed_at__isnull=True,
        )
        .select_related("participant__user")
        .order_by("created_at", "pk")
    )


def contract_for_supervisor(*, user, public_id) -> SupervisionContract | None:
    return contracts_for_supervisor(user).filter(public_id=public_id).first()


@dataclass(frozen=True)
class SupervisionGap:
    """Where a participant stands with supervision, for the staff board."""

    setting: str
    frequency: str | None  # None: no agreed contract
    last_on: datetime.date | None  # the last session, or the day the contract was agreed
    days_since: int
    gap_days: int  # days beyond the agreed rhythm (0: on track)
    has_session: bool

    @property
    def agreed(self) -> bool:
        return self.frequency is not None

    @property
    def frequency_label(self) -> str:
        return SupervisionContract.Frequency(self.frequency).label if self.frequency else ""


def supervision_gaps(participant_ids: Iterable[int], today: datetime.date) -> dict[int, SupervisionGap]:
    """For each participant: the gap against the contract in force (`contract_in_force`);
    no contract in force, or one not yet agreed, gives a gap with `agreed` False. One
    query whatever the number of participants.

    The last session counts across every contract of the setting (a renewed contract does
    not reset the clock); with none yet, the clock starts when the contract was agreed."""
    ids = list(participant_ids)
    if not ids:
        return {}
    with_contract = contracted_gaps(ids, today, prepared_as=("ids", tuple(ids)))
    no_contract = SupervisionGap(Setting.PLACEMENT, None, None, 0, 0, False)
    return {participant_id: with_contract.get(participant_id, no_contract) for participant_id in ids}


def contracted_gaps(
    participants: Iterable[int] | QuerySet | Callable[[], QuerySet],
    today: datetime.date,
    *,
    prepared_as: Hashable | None = None,
) -> dict[int, SupervisionGap]:
    """`supervision_gaps` of those of `participants` who have a contract in force, agreed
    or not (ids, or a query of participant ids read in the same statement, or a function
    making that query): one query. `prepared_as`: a key that tells everything
    `participants` depends on (the board's people depend on the day only), so the
    statement is built once per process (`cpse.prepared`); the rows are read every time."""
    if prepared_as is not None:
        contracts = prepared_rows(("contracted_gaps", prepared_as), lambda: _contracts_of(participants))
    else:
        contracts = _contracts_of(participants)
    current: dict[int, list[SupervisionContract]] = {}
    for contract in contracts:
        current.setdefault(contract.participant_id, []).append(contract)
    chosen = {
        participant_id: in_force
        for participant_id, theirs in current.items()
        if (in_force := contract_in_force(theirs, today=today, program_end=theirs[0].program_end))
    }
    return {
        participant_id: contract_gap(contract, today)
        if contract.agreed
        else SupervisionGap(contract.setting, None, None, 0, 0, False)
        for participant_id, contract in chosen.items()
    }


def _contracts_of(participants: Iterable[int] | QuerySet | Callable[[], QuerySet]) -> QuerySet[SupervisionContract]:
    """The contracts not replaced of `participants`, each with its setting's last session
    (`last_on`) and the program's end."""
    if callable(participants):
        participants = participants()
    last_session = (
        SupervisionSession.objects.filter(
            contract__participant_id=OuterRef("participant_id"), contract__setting=OuterRef("setting")
        )
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    ids = participants if isinstance(participants, QuerySet) else list(participants)
    contracts = (
        SupervisionContract.objects.filter(participant_id__in=ids, replaced_at__isnull=True)
        .annotate(last_on=Subquery(last_session), program_end=F("participant__cohort__program_end"))
        .only("participant_id", "setting", "frequency", "participant_agreed_at", "supervisor_agreed_at")
    )
    return contracts


def contract_gap(contract: SupervisionContract, today: datetime.date) -> SupervisionGap:
    """The gap against an agreed contract annotated with `last_on` (its setting's last
    session; with none yet, the clock starts when the contract was agreed)."""
    agreed_on = timezone.localdate(max(contract.participant_agreed_at, contract.supervisor_agreed_at))
    last_on = contract.last_on or agreed_on
    days_since = (today - last_on).days
    allowed = SupervisionContract.FREQUENCY_DAYS[contract.frequency]
    return SupervisionGap(
        setting=contract.setting,
        frequency=contract.frequency,
        last_on=last_on,
        days_since=days_since,
        gap_days=max(0, days_since - allowed),
        has_session=contract.last_on is not None,
    )


def contracts_with_last_session(participant: Participant) -> list[SupervisionContract]:
    """Every contract, current and replaced, newest first, each with `last_on`: the last
    session of its setting (across the setting's contracts, as `supervision_gaps` counts).
    One query; no session is loaded, so no reflection either (the participant record)."""
    last_session = (
        SupervisionSession.objects.filter(contract__participant=participant, contract__setting=OuterRef("setting"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    return list(
        SupervisionContract.objects.filter(participant=participant)
        .annotate(last_on=Subquery(last_session))
        .only(
            "public_id",
            "setting",
            "frequency",
            "participant_agreed_at",
            "supervisor_agreed_at",
            "replaced_at",
            "created_at",
        )
        .order_by("-created_at", "-pk")
    )
