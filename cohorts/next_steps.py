"""What comes next for the signed-in person, on the page she lands on after signing in
(`cohorts:my_program`): book an interview, send a check-in, the hours still needed, her
certificate.

Each app that knows a part of the way registers what it sees (in its AppConfig.ready, as
data rights and reminders do), so this module, low in the dependency order, never imports
applications, requirements_tracking, checkins or certificates, and the page stays here.

Rules chosen here:
- The stage follows the person's latest participation (`current_participation`): none ->
  applying; enrolled or on leave -> taking part; completed or certified -> finished. A
  withdrawn participant reads one calm note with the program's contact, nothing more.
- Within a stage, the providers speak in their `order` (lowest first), whatever the order
  of INSTALLED_APPS; each returns its steps (often none) for a fixed number of queries.
- A step says what to do in plain words, with at most one link; nothing in a link's
  address names the person or what she wrote.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Participant


@dataclass(frozen=True)
class NextStep:
    """One thing to do or to know: `kind` names it for pages and tests (never shown)."""

    kind: str
    message: str
    details: tuple[str, ...] = ()
    link_url: str = ""
    link_text: str = ""


class Stage(StrEnum):
    APPLYING = "applying"
    TAKING_PART = "taking_part"
    FINISHED = "finished"


# Called with keyword arguments: user, participant (None while applying), now.
Steps = Callable[..., list[NextStep]]


@dataclass(frozen=True)
class Provider:
    name: str
    stage: Stage
    order: int
    steps: Steps


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _providers[provider.name] = provider


def stage_of(participant: Participant | None) -> Stage | None:
    """None: withdrawn (no steps, only the note)."""
    if participant is None:
        return Stage.APPLYING
    if participant.status in Participant.TAKING_PART:
        return Stage.TAKING_PART
    if participant.status == Participant.Status.WITHDRAWN:
        return None
    return Stage.FINISHED


def next_steps(*, user, participant: Participant | None, now: datetime.datetime) -> list[NextStep]:
    """The person's next steps; `participant` is her `current_participation` (the page has it)."""
    stage = stage_of(participant)
    if stage is None:
        return [
            NextStep(
                kind="withdrawn",
                message=_(
                    "You are not taking part in the program at the moment. Whenever you would like to talk, "
                    "about coming back or anything else, %(name)s is here for you: %(email)s."
                )
                % {"name": settings.PROGRAM_CONTACT_NAME, "email": settings.PROGRAM_CONTACT_EMAIL},
            )
        ]
    providers = sorted((p for p in _providers.values() if p.stage == stage), key=lambda p: (p.order, p.name))
    return [step for provider in providers for step in provider.steps(user=user, participant=participant, now=now)]


def program_steps(*, user, participant: Participant, now: datetime.datetime) -> list[NextStep]:
    """The cohort's own word to someone taking part: a break, or the program still ahead."""
    if participant.status == Participant.Status.ON_LEAVE:
        return [
            NextStep(
                kind="on_leave",
                message=_("You are on a break from the program. Take the time you need: your progress is kept."),
            )
        ]
    cohort = participant.cohort
    if timezone.localdate(now) < cohort.program_start:
        return [
            NextStep(
                kind="program_ahead",
                message=_("Welcome to the %(cohort)s. Your program starts on %(date)s.")
                % {"cohort": cohort, "date": date_format(cohort.program_start)},
            )
        ]
    return []


def register_program_steps() -> None:
    register(Provider(name="program", stage=Stage.TAKING_PART, order=0, steps=program_steps))
