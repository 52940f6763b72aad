"""Demo supervision: Alma's practicum contract with her supervisor, agreed by both, with
a few fortnightly sessions during the 2025 practicum; Bianca's weekly placement contract,
agreed, whose last session was twelve days ago, so the check-in board shows a gap.
Invented words; rows are written with past dates (the services stamp "now"). Safe to run
again: a participant who has a contract of that kind is left as it is."""

import datetime

from django.db import transaction
from django.utils import timezone

from checkins.models import Placement, SupervisionContract, SupervisionSession
from checkins.supervision.services import DEFAULT_TERMS
from cohorts.models import Participant
from requirements_tracking.models import Practicum

DOMAIN = "demo.cpse.invalid"
Topic = SupervisionSession.Topic


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())


def _contract(participant, setting, *, where, frequency, agreed_on: datetime.date) -> SupervisionContract | None:
    if where is None or SupervisionContract.objects.filter(participant=participant, setting=setting).exists():
        return None
    texts = {key: str(DEFAULT_TERMS[key]) for key in ("expectations", "feedback_channels", "confidentiality")}
    return SupervisionContract.objects.create(
        participant=participant,
        setting=setting,
        practicum=where if setting == SupervisionContract.Setting.PRACTICUM else None,
        placement=where if setting == SupervisionContract.Setting.PLACEMENT else None,
        supervisor_name=where.supervisor_name,
        supervisor_email=where.supervisor_email,
        supervisor_user=getattr(where, "supervisor_user", None),
        frequency=frequency,
        session_minutes=60,
        raising_concerns=str(DEFAULT_TERMS["raising_concerns"]),
        created_at=_at(agreed_on - datetime.timedelta(days=2)),
        participant_agreed_at=_at(agreed_on - datetime.timedelta(days=2)),
        supervisor_agreed_at=_at(agreed_on),
        **texts,
    )


def _sessions(contract, days: list[datetime.date], topics: list[list[str]], reflections: list[str]) -> None:
    for day, chosen, reflection in zip(days, topics, reflections, strict=True):
        SupervisionSession.objects.create(
            contract=contract,
            held_on=day,
            minutes=contract.session_minutes,
            topics=chosen,
            reflection=reflection,
            logged_by=contract.participant.user,
            created_at=_at(day),
        )


def seed_supervision(*, domain: str = DOMAIN) -> None:
    people = {
        p.user.email.split("@")[0]: p
        for p in Participant.objects.filter(user__email__in=[f"participant@{domain}", f"bianca@{domain}"])
        .select_related("user", "cohort")
        .order_by("-cohort__year")
    }
    with transaction.atomic():
        alma = people.get("participant")
        if alma is not None:
            practicum = Practicum.objects.filter(participant=alma, is_current=True).first()
            start = alma.cohort.intensive_end + datetime.timedelta(days=7)
            contract = _contract(alma, "practicum", where=practicum, frequency="fortnightly", agreed_on=start)
            if contract is not None:
                _sessions(
                    contract,
                    [start + datetime.timedelta(days=14 * n) for n in range(3)],
                    [[Topic.SKILLS], [Topic.BOUNDARIES, Topic.SELF_CARE], [Topic.CASEWORK, Topic.SKILLS]],
                    [
                        "Getting to know the intake routine.",
                        "Talked about saying no kindly, and resting after long days.",
                        "I feel more confident leading a conversation.",
                    ],
                )
        bianca = people.get("bianca")
        if bianca is not None:
            today = timezone.localdate()
            placement = Placement.objects.filter(participant=bianca, end_date__isnull=True).first()
            contract = _contract(
                bianca, "placement", where=placement, frequency="weekly", agreed_on=today - datetime.timedelta(days=40)
            )
            if contract is not None:
                _sessions(
                    contract,
                    [today - datetime.timedelta(days=days) for days in (33, 26, 19, 12)],
                    [[Topic.TEAM], [Topic.CASEWORK], [Topic.SELF_CARE], [Topic.BOUNDARIES]],
                    ["", "A hard call; we debriefed it together.", "", "Planning time off."],
                )
