"""The code of ethics: staff publish a version; participants acknowledge the current one.

A published version never changes: a correction is a new version, and a new version
asks every participant to read and acknowledge again (the ETHICS requirement is
incomplete until they do). Enrolled participants get a note without content ("The
program's code of ethics has a new version — please read it"). Change history comes
from the audit log (`track` in apps.py)."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Credential, Participant
from cpse.errors import DomainError
from cpse.notify.services import Message, notification_queue_many
from requirements_tracking.models import EthicsAcknowledgment, EthicsCode

NEW_VERSION_KIND = "ethics_new_version"
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 50_000
CHANGES_MAX_LENGTH = 5_000


class EthicsError(DomainError):
    code = "ethics_error"


def ethics_code_publish(
    *,
    credential: Credential,
    title: str,
    body: str,
    changes: str,
    title_es: str = "",
    body_es: str = "",
    changes_es: str = "",
    by,
) -> EthicsCode:
    """Publish the next version of the credential's code and tell enrolled participants.
    The credential row is locked so two staff publishing at once get versions n and n+1
    (the unique constraint backs it up). The Spanish texts are optional (cpse.bilingual)."""
    # Browsers send line breaks as CRLF: stored as plain newlines, so versions compare.
    title, body, changes, title_es, body_es, changes_es = (
        text.replace("\r\n", "\n").strip() for text in (title, body, changes, title_es, body_es, changes_es)
    )
    if not title:
        raise EthicsError(_("Please give the code a title."), code="title")
    if not body:
        raise EthicsError(_("Please write the code of ethics itself."), code="body")
    with transaction.atomic():
        Credential.objects.select_for_update().filter(pk=credential.pk).exists()
        latest = EthicsCode.objects.filter(credential=credential).aggregate(latest=Max("version"))["latest"] or 0
        if latest and not changes:
            raise EthicsError(
                _("Please say what changed, so people asked to read it again know what is new."), code="changes"
            )
        code = EthicsCode.objects.create(
            credential=credential,
            version=latest + 1,
            title=title,
            body=body,
            changes=changes,
            title_es=title_es,
            body_es=body_es,
            changes_es=changes_es,
            published_by=by,
        )
        _tell_enrolled(code)
    return code


def _tell_enrolled(code: EthicsCode) -> int:
    path = reverse("ethics:mine")
    people = (
        Participant.objects.filter(cohort__credential_id=code.credential_id, status=Participant.Status.ENROLLED)
        .select_related("user")
        .only("user__id", "user__preferred_language", "user__email", "user__display_name")
    )
    return notification_queue_many(
        Message(
            kind=NEW_VERSION_KIND,
            key=f"ethics-version:{code.pk}:{participant.user.pk}",
            recipient=participant.user,
            language=participant.user.preferred_language,
            context={"path": path},
        )
        for participant in people
    )


def ethics_acknowledge(*, participant: Participant, code: EthicsCode) -> tuple[EthicsAcknowledgment, bool]:
    """Record that the participant read `code` and will follow it. Only the current
    version of their cohort's credential's code may be acknowledged (a page left open
    while a new version came out is refused with a kind word). Acknowledging twice
    returns the first acknowledgment: (acknowledgment, created)."""
    if code.credential_id != participant.cohort.credential_id:
        raise EthicsError(_("This is not the code of ethics of your program."), code="other_credential")
    latest = EthicsCode.objects.filter(credential_id=code.credential_id).aggregate(latest=Max("version"))["latest"]
    if code.version != latest:
        raise EthicsError(
            _("A newer version of the code of ethics was published. Please read it, then acknowledge it."),
            code="not_current",
        )
    existing = EthicsAcknowledgment.objects.filter(code=code, participant=participant).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return (
                EthicsAcknowledgment.objects.create(code=code, participant=participant, acknowledged_at=timezone.now()),
                True,
            )
    except IntegrityError:  # the same person acknowledged in another tab a moment before
        return EthicsAcknowledgment.objects.get(code=code, participant=participant), False
