"""A message from program staff to (part of) a cohort: one row per person in the outbox
(cpse.notify), so each lands on their Messages page and goes by email as they chose.
The text is never logged and never kept outside the people's own messages."""

import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Participant
from cohorts.selectors import cohort_people
from cpse.errors import DomainError
from cpse.notify.services import Message, notification_queue_many
from dashboard.models import CohortMessage

Audience = CohortMessage.Audience
SUBJECT_MAX_LENGTH = 120
BODY_MAX_LENGTH = 5000
KIND = "cohort_message"


class CohortMessageError(DomainError):
    code = "cohort_message_error"


def audience_statuses(audience: str) -> tuple[str, ...]:
    if audience == Audience.ALL:
        return tuple(status for status in Participant.Status.values if status != Participant.Status.WITHDRAWN)
    return (audience,)


def cohort_message_recipients(*, cohort: Cohort, audience: str) -> list[tuple[int, str]]:
    return cohort_people(cohort, audience_statuses(audience))


def cohort_message_problems(*, subject: str, body: str) -> dict[str, str]:
    """What is wrong with a message, by field (empty: nothing)."""
    problems = {}
    if not subject.strip():
        problems["subject"] = _("Please write a subject.")
    elif len(subject) > SUBJECT_MAX_LENGTH:
        problems["subject"] = _("Please keep the subject under %(max)s characters.") % {"max": SUBJECT_MAX_LENGTH}
    if not body.strip():
        problems["body"] = _("Please write the message.")
    elif len(body) > BODY_MAX_LENGTH:
        problems["body"] = _("Please keep the message under %(max)s characters.") % {"max": BODY_MAX_LENGTH}
    return problems


def cohort_message_send(
    *, cohort: Cohort, audience: str, subject: str, body: str, key: uuid.UUID, by
) -> tuple[CohortMessage, bool]:
    """Send the message once per `key` (the preview's): (its history row, whether this call
    sent it). A second confirmation with the same key sends nothing."""
    # Browsers send a textarea's lines with CRLF; emails and the Messages page use LF.
    subject, body = subject.strip(), body.replace("\r\n", "\n").strip()
    problems = cohort_message_problems(subject=subject, body=body)
    if problems:
        raise CohortMessageError(" ".join(problems.values()), code="invalid")
    existing = CohortMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    people = cohort_message_recipients(cohort=cohort, audience=audience)
    if not people:
        raise CohortMessageError(_("Nobody in this cohort matches: the message was not sent."), code="nobody")
    try:
        with transaction.atomic():
            sent = CohortMessage.objects.create(
                key=key, cohort=cohort, audience=audience, subject=subject, recipients=len(people), sent_by=by
            )
            context = {"subject": subject, "body": body, "path": reverse("accounts:messages")}
            notification_queue_many(
                Message(
                    kind=KIND,
                    key=f"cohort-message:{key}:{user_id}",
                    recipient_id=user_id,
                    language=language,
                    context=context,
                )
                for user_id, language in people
            )
    except IntegrityError:  # the same confirmation, a moment earlier, in another request
        return CohortMessage.objects.get(key=key), False
    return sent, True
