"""The rehearsal's questions to the database, run as `python -m benchmarks.rehearsal.django_side
<command>` with the rehearsal's environment, so the orchestrator itself never loads Django.

Rules chosen here: every command prints one JSON value on its last line of stdout. Sessions
are made with force_login (as benchmarks.run does): staff accounts with two-factor
authentication are signed in the same way, and no password is typed.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

import django

PERSONAS = {
    "participants": ["participant", "bianca", "carmen", "dana", "elena", "faith", "grace", "hope"],
    "applicant": "applicant",
    "staff": "manager",
    "sponsor": "sponsor",
}
TOKEN_DOMAIN = "rehearsal.cpse.invalid"
# Drafts made for the run, one per applicant user of the load (each fills her own steps).
DRAFT_APPLICANTS = 3
TOKEN = re.compile(r"rehearsal-[a-z]+-[0-9a-f]{32}")


def _session(email: str) -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(email=email))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _loggers(emails: list[str]) -> list[str]:
    """The participants who may log hours today (taking part, their program begun): the
    others' saves are refused by the rules, and would make the acknowledged-writes check
    prove little."""
    from django.utils import timezone

    from cohorts.models import Participant
    from requirements_tracking.hours.rules import loggable_dates

    today = timezone.localdate()
    taking_part = Participant.objects.select_related("cohort", "user").filter(
        user__email__in=emails, status__in=Participant.TAKING_PART
    )
    return sorted(p.user.email for p in taking_part if _began(*loggable_dates(p, today)))


def _began(first, last) -> bool:
    return first <= last


def _draft_applications() -> list[dict]:
    """Drafts of the demo's application window, one per applicant user of the load, made
    for this run (its database is a fresh copy): a step saved is then one person's alone."""
    from django.contrib.auth import get_user_model

    from applications.models import Application

    cohort = Application.objects.filter(status=Application.Status.DRAFT).order_by("pk").first().cohort
    drafts = []
    for number in range(1, DRAFT_APPLICANTS + 1):
        email = f"applicant-{number}@{TOKEN_DOMAIN}"
        user = get_user_model().objects.create_user(email, display_name=f"Applicant {number}")
        application = Application.objects.create(applicant=user, cohort=cohort, home_state="GA")
        drafts.append({"session": _session(email), "record": str(application.pk)})
    return drafts


def _open_checkins(emails: list[str]) -> list[dict]:
    """The check-ins open for answers now, each with its participant's session."""
    from checkins.models import CheckIn
    from checkins.monthly.services import checkin_is_open

    found = CheckIn.objects.select_related("participant__user").filter(
        participant__user__email__in=emails, submitted_at__isnull=True
    )
    return [
        {"session": _session(c.participant.user.email), "record": str(c.public_id)}
        for c in found.order_by("pk")
        if checkin_is_open(c)
    ]


def personas() -> dict:
    """Signed-in sessions per persona and the ids the pages need, at scale."""
    from certificates.models import Certificate
    from cohorts.models import Participant
    from dashboard.management.commands.seed_demo import demo_email

    scale = Participant.objects.filter(user__email__endswith="scale.cpse.invalid").order_by("-pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    loggers = _loggers([demo_email(p) for p in PERSONAS["participants"]])
    return {
        "participants": {e: _session(e) for e in loggers},
        "drafts": _draft_applications(),
        "checkins": _open_checkins(loggers),
        "scale_participant": _session(scale.user.email),
        "applicant": _session(demo_email(PERSONAS["applicant"])),
        "staff": _session(demo_email(PERSONAS["staff"])),
        "sponsor": _session(demo_email(PERSONAS["sponsor"])),
        "scale_cohort": scale.cohort_id,
        "certificate_number": certificate.number if certificate else "NOT-A-NUMBER",
    }


def fill_outbox(count: int) -> list[str]:
    """Queue `count` messages, each with a token of its own in its body."""
    from django.db import transaction

    from cpse.notify.services import notification_queue_rendered

    tokens = []
    for _ in range(count):
        token = f"rehearsal-message-{uuid.uuid4().hex}"
        with transaction.atomic():
            notification_queue_rendered(
                kind="rehearsal",
                key=token,
                recipient=None,
                to_email=f"{token}@{TOKEN_DOMAIN}",
                subject="A message from the rehearsal",
                body=f"Rehearsal message {token}.",
            )
        tokens.append(token)
    return tokens


def outbox_state(tokens: list[str]) -> dict[str, int]:
    from django.db.models import Count

    from cpse.notify.models import Notification

    rows = Notification.objects.filter(key__in=tokens).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def stored_records(keys: list[str]) -> dict[str, str | None]:
    """The token each written-over record holds now ("application <pk>": in its access
    needs; "checkin <public id>": in "how is work going"), None when it holds none."""
    from applications.models import Application
    from checkins.models import CheckIn

    def token(text: str) -> str | None:
        found = TOKEN.search(text or "")
        return found.group(0) if found else None

    stored = {}
    for key in keys:
        kind, record = key.split(" ", 1)
        if kind == "application":
            stored[key] = token(Application.objects.get(pk=record).access_needs)
        elif kind == "checkin":
            stored[key] = token(CheckIn.objects.get(public_id=record).work_going)
    return stored


def stored_tokens(tokens: list[str]) -> list[str]:
    """Which of the tokens are in an hour entry's reflection (encrypted, so read in Python)."""
    from requirements_tracking.models import HourEntry

    wanted = set(tokens)
    found = set()
    entries = HourEntry.objects.filter(participant__user__email__endswith="@demo.cpse.invalid")
    for reflection in entries.values_list("reflection", flat=True).iterator():
        for word in (reflection or "").split():
            if word in wanted:
                found.add(word)
    return sorted(found)


def main(argv: list[str]) -> None:
    django.setup()
    command, *args = argv
    if command == "personas":
        result = personas()
    elif command == "fill-outbox":
        result = fill_outbox(int(args[0]))
    elif command == "outbox-state":
        result = outbox_state(json.loads(Path(args[0]).read_text(encoding="utf-8")))
    elif command == "stored-tokens":
        result = stored_tokens(json.loads(Path(args[0]).read_text(encoding="utf-8")))
    elif command == "stored-records":
        result = stored_records(json.loads(Path(args[0]).read_text(encoding="utf-8")))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
