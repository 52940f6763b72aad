"""Reads for the code of ethics: the current version of a credential's code, what a
participant has acknowledged, and staff's list of who acknowledged which version. Each
costs a fixed number of queries, however many participants or versions there are.

"The current version" is the credential's highest version: publishing a new one makes
every earlier acknowledgment an acknowledgment of an older version."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery

from cohorts.models import Cohort, Participant
from requirements_tracking.models import EthicsAcknowledgment, EthicsCode


def current_code(credential_id: int) -> EthicsCode | None:
    return EthicsCode.objects.filter(credential_id=credential_id).order_by("-version").first()


def codes_for_credential(credential_id: int) -> QuerySet[EthicsCode]:
    """Every version, newest first (bodies left out: lists show titles)."""
    return EthicsCode.objects.filter(credential_id=credential_id).defer("body").order_by("-version")


def code_by_version(*, credential_id: int, version: int) -> EthicsCode | None:
    return EthicsCode.objects.filter(credential_id=credential_id, version=version).first()


def code_for_staff(pk: int) -> EthicsCode | None:
    return EthicsCode.objects.filter(pk=pk).select_related("credential", "published_by").first()


def all_codes() -> QuerySet[EthicsCode]:
    """Staff's list: every credential's versions, newest first, each with how many
    participants acknowledged it (one query)."""
    return (
        EthicsCode.objects.select_related("credential", "published_by")
        .defer("body", "changes")
        .annotate(acknowledged=Count("acknowledgments"))
        .order_by("credential__abbreviation", "-version")
    )


def _latest_version_of_credential():
    """The current version of the code for the credential of the participant's cohort
    (a subquery on Participant rows)."""
    return Subquery(
        EthicsCode.objects.filter(credential_id=OuterRef("cohort__credential_id"))
        .order_by()
        .values("credential_id")
        .annotate(latest=Max("version"))
        .values("latest")[:1]
    )


def acknowledged_current(participants) -> frozenset[int]:
    """The ids among `participants` (ids) who acknowledged the current version of their
    cohort's credential's code, in one query (nobody when no version is published)."""
    return frozenset(acknowledged_current_ids(participants))


def acknowledged_current_ids(participants) -> QuerySet:
    """`acknowledged_current` as a queryset of ids, for a caller that keeps its statement
    (`cpse.prepared`: progress)."""
    return (
        Participant.objects.filter(pk__in=participants)
        .annotate(current_version=_latest_version_of_credential())
        .filter(
            Exists(
                EthicsAcknowledgment.objects.filter(
                    participant=OuterRef("pk"),
                    code__credential_id=OuterRef("cohort__credential_id"),
                    code__version=OuterRef("current_version"),
                )
            )
        )
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class EthicsStatus:
    """Where a participant stands with their cohort's code of ethics."""

    current: EthicsCode | None
    # Their acknowledgment of the current version (None: not yet, or nothing published).
    acknowledgment: EthicsAcknowledgment | None
    # The latest earlier version they acknowledged, when the current one is new to them.
    previous_acknowledged: EthicsCode | None

    @property
    def due(self) -> bool:
        return self.current is not None and self.acknowledgment is None


def ethics_status(participant: Participant) -> EthicsStatus:
    """Two queries: the current version, and the participant's latest acknowledgment."""
    current = current_code(participant.cohort.credential_id)
    if current is None:
        return EthicsStatus(current=None, acknowledgment=None, previous_acknowledged=None)
    latest = (
        EthicsAcknowledgment.objects.filter(participant=participant, code__credential_id=current.credential_id)
        .select_related("code")
        .defer("code__body")
        .order_by("-code__version")
        .first()
    )
    if latest is not None and latest.code_id == current.pk:
        return EthicsStatus(current=current, acknowledgment=latest, previous_acknowledged=None)
    return EthicsStatus(
        current=current, acknowledgment=None, previous_acknowledged=latest.code if latest is not None else None
    )


def acknowledgments_for(participant: Participant) -> QuerySet[EthicsAcknowledgment]:
    """The participant's acknowledgments of their credential's code (any version)."""
    return EthicsAcknowledgment.objects.filter(
        participant=participant, code__credential_id=participant.cohort.credential_id
    )


def acknowledgments_of(participant: Participant) -> dict[int, EthicsAcknowledgment]:
    """Version number → the participant's acknowledgment of it, for their credential."""
    return {ack.code.version: ack for ack in acknowledgments_for(participant).select_related("code")}


def versions_for_participant(participant: Participant) -> list[EthicsCode]:
    """Every version of the participant's credential's code, newest (the current) first,
    each with `acknowledged_at`: when the participant acknowledged it (None: not). One
    query, bodies left out (the participant record)."""
    acknowledged = EthicsAcknowledgment.objects.filter(code=OuterRef("pk"), participant=participant)
    return list(
        codes_for_credential(participant.cohort.credential_id)
        .defer("changes")
        .annotate(acknowledged_at=Subquery(acknowledged.values("acknowledged_at")[:1]))
    )


# --- Staff: who acknowledged which version ---------------------------------------------

ACKNOWLEDGED, DUE = "acknowledged", "due"


def acknowledgment_rows(cohort: Cohort, *, status: str = "", version: int | None = None) -> QuerySet[Participant]:
    """The cohort's participants, each annotated with the latest version of the code they
    acknowledged (`acknowledged_version`, None: never) and when (`acknowledged_at`), and
    `current_version`. Filters: `status` ACKNOWLEDGED (the current version) or DUE (not
    the current one); `version`: those who acknowledged that version. One query."""
    latest = EthicsAcknowledgment.objects.filter(
        participant=OuterRef("pk"), code__credential_id=cohort.credential_id
    ).order_by("-code__version", "-acknowledged_at")
    rows = (
        Participant.objects.filter(cohort=cohort)
        .select_related("user")
        .only("public_id", "status", "cohort_id", "enrolled_at", "user__display_name", "user__email")
        .annotate(
            acknowledged_version=Subquery(latest.values("code__version")[:1]),
            acknowledged_at=Subquery(latest.values("acknowledged_at")[:1]),
            current_version=_latest_version_of_credential(),
        )
        .order_by("user__display_name", "pk")
    )
    if status == ACKNOWLEDGED:
        rows = rows.filter(acknowledged_version=F("current_version"))
    elif status == DUE:
        rows = rows.filter(current_version__isnull=False).filter(
            Q(acknowledged_version__isnull=True) | Q(acknowledged_version__lt=F("current_version"))
        )
    if version is not None:
        rows = rows.filter(
            Exists(
                EthicsAcknowledgment.objects.filter(
                    participant=OuterRef("pk"), code__credential_id=cohort.credential_id, code__version=version
                )
            )
        )
    return rows
