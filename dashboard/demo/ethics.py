"""Demo code of ethics: version 1 of the CPSE code, published by the demo program
manager, acknowledged by the pilot participants (all but anyone who withdrew) at the
start of their program. Invented wording for an invented program. Safe to run again:
once a version exists it publishes nothing, and acknowledging twice changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cohorts.models import Cohort, Credential, Participant
from requirements_tracking.ethics.services import ethics_acknowledge, ethics_code_publish
from requirements_tracking.models import EthicsCode

TITLE = "Code of ethics for CPSE peer support specialists"

BODY = """\
We are survivors supporting survivors. Our own story is what brings us to this work, and this code keeps that story a strength: for the people we support, for our colleagues, and for ourselves. It applies in the program, in the practicum and in every placement.

Dignity and choice

Every person we support is the expert on their own life. We offer options, information and company; we do not decide for people, rescue them, or judge the choices they make to stay safe.

We use person-first, respectful words, and we never use a person's story to make a point, raise money or teach a class without their clear, freely given permission.

Boundaries

We are peers, not friends, sponsors or family. We meet in the places and at the times our agency agrees, and we use work phones and accounts, not our personal ones.

We do not lend or borrow money, give or accept gifts of more than token value, or share a home, a car or a bed with a person we support.

We share our own story only when it helps the other person, briefly, and never in a way that puts our needs at the centre.

Dual relationships

When we already know a person in another role (a relative, a neighbour, someone from our own past, someone in our faith community), we tell our supervisor at once so the support can be arranged fairly, and, where it is better, by somebody else.

Romantic or sexual relationships with a person we support, or have supported in the last two years, are never acceptable.

Conflicts of interest

We do not steer a person towards a service, employer, church or business because it benefits us or someone close to us.

We tell our supervisor about anything that could make others doubt our judgement, and we let them decide with us what to do.

Confidentiality

What a person tells us belongs to them. We share it only with their consent, only as much as is needed, and only with people who need it to help.

We keep notes short, factual and locked away; we never post about the people we support, even without names, and we never confirm to a caller that someone is in a program.

We explain the limits of confidentiality at the first meeting, in plain words, so nobody is surprised later.

Mandatory reporting and safety

Where the law requires it (for example, when a child is being harmed, or a person is about to seriously harm themselves or someone else), we report, and we follow our agency's procedure.

Whenever it is safe to do so, we tell the person first what we must report and why, and we stay with them through what follows. When in doubt, we ask our supervisor before we act, not after.

Caring for ourselves

Our recovery comes first: a peer who is not well cannot support anyone. We use supervision, keep our self-care plan, and step back and ask for help when the work touches our own wounds.

Asking for a break is a professional act, never a failure.

When something goes wrong

We all make mistakes. When we cross a line or see one crossed, we say so to our supervisor or the program staff promptly and honestly. Concerns are listened to with care, handled fairly, and never met with retaliation.
"""


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def seed_ethics() -> None:
    credential = Credential.objects.get(abbreviation="CPSE")
    pilot = Cohort.objects.filter(credential=credential).order_by("year").first()
    manager = User.objects.filter(email__startswith="manager@").first()
    with transaction.atomic():
        codes = list(EthicsCode.objects.filter(credential=credential).order_by("version")[:2])
        if len(codes) > 1 or pilot is None:
            return  # staff published a newer version on this demo site: leave it be
        if codes:
            code = codes[0]
        else:
            code = ethics_code_publish(credential=credential, title=TITLE, body=BODY, changes="", by=manager)
            # Published before the pilot began, as the pilot would have seen it.
            code.published_at = _at(pilot.program_start - datetime.timedelta(days=14))
            code.save(update_fields=["published_at"])
        for participant in (
            Participant.objects.filter(cohort=pilot)
            .exclude(status=Participant.Status.WITHDRAWN)
            .select_related("cohort")
        ):
            acknowledgment, created = ethics_acknowledge(participant=participant, code=code)
            if created:
                acknowledgment.acknowledged_at = _at(pilot.program_start)
                acknowledgment.save(update_fields=["acknowledged_at"])
