"""Reads for the practicum pages: the participant's own, the supervisor's, and staff's.
Each list costs a fixed number of queries (the answers come in one prefetch)."""

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from applications.confirmers.selectors import is_verified
from cohorts.models import Cohort, Participant
from cpse.prepared import PreparedRows
from requirements_tracking.models import HourEntry, Practicum, SupervisorConfirmation

C = SupervisorConfirmation.Status
# Practicum entries are those with a practicum (not the kind a self-care form might pick).
PRACTICUM = {"practicum__isnull": False}


def current_practicum(participant: Participant) -> Practicum | None:
    return Practicum.objects.filter(participant=participant, is_current=True).first()


def _answers() -> Prefetch:
    """The supervisor's answers to an entry, latest first (`entry.answers`)."""
    return Prefetch(
        "supervisor_confirmations",
        queryset=SupervisorConfirmation.objects.filter(status__in=(C.CONFIRMED, C.DECLINED))
        .select_related("decided_by")
        .order_by("-decided_at", "-pk"),
        to_attr="answers",
    )


def practicum_entries_for_participant(participant: Participant) -> QuerySet[HourEntry]:
    return (
        HourEntry.objects.filter(participant=participant, **PRACTICUM)
        .select_related("practicum")
        .prefetch_related(_answers())
        .order_by("-date", "-pk")
    )


def practicum_entry_for_participant(*, user, public_id) -> HourEntry | None:
    """One of the person's own practicum entries; None for anybody else's (404)."""
    return (
        HourEntry.objects.filter(public_id=public_id, participant__user=user, **PRACTICUM)
        .select_related("participant__cohort", "requirement", "practicum")
        .prefetch_related(_answers())
        .first()
    )


def supervises_practicum(user) -> bool:
    """Whether the person is named the supervisor of someone's practicum (a sponsor's menu
    then offers what waits for them). The signed-in user arrives with the answer
    (`accounts.selectors.user_for_request`): no query."""
    known = getattr(user, "supervises_practicum", None)
    return known if known is not None else user.supervised_practicums.exists()


def confirmations_for_supervisor(user) -> QuerySet[SupervisorConfirmation]:
    """Hours waiting for this signed-in supervisor. Reflections are not loaded: they are
    private to the participant and program staff."""
    return (
        SupervisorConfirmation.objects.filter(status=C.PENDING, practicum__supervisor_user=user)
        .select_related("practicum", "entry__participant__user")
        .defer("entry__reflection", "entry__staff_comment")
        .order_by("entry__date", "pk")
    )


def confirmation_for_supervisor(*, user, public_id) -> SupervisorConfirmation | None:
    """The latest confirmation of one entry (by its public id) for this supervisor: a
    second click finds the answered one, and the service says it is already answered."""
    return (
        SupervisorConfirmation.objects.filter(practicum__supervisor_user=user, entry__public_id=public_id)
        .select_related("practicum", "entry__participant__user")
        .defer("entry__reflection", "entry__staff_comment")
        .order_by("-pk")
        .first()
    )


def practicum_entries_for_staff(cohort: Cohort | None = None, *, longest_waiting: bool = False) -> PreparedRows:
    """`_entries_for_staff` for the staff list's paginator: building that query costs more
    than running it, so its statements are built once per cohort and order
    (`cpse.prepared`); the rows are read every time."""
    key = ("practicum.entries_for_staff", cohort.pk if cohort else None, longest_waiting)
    return PreparedRows(key, lambda: _entries_for_staff(cohort, longest_waiting=longest_waiting))


def _entries_for_staff(cohort: Cohort | None, *, longest_waiting: bool) -> QuerySet[HourEntry]:
    """Every practicum entry, newest first, with its host, supervisor (and whether program
    staff verified them: `supervisor_verified`), answers, and since when it waits for the
    supervisor (`waiting_since`: when they were last asked; None once answered). With
    `longest_waiting`, only the entries waiting, the longest waiting first."""
    asked = SupervisorConfirmation.objects.filter(entry=OuterRef("pk"), status=C.PENDING).values("created_at")[:1]
    entries = (
        HourEntry.objects.filter(**PRACTICUM)
        .annotate(
            supervisor_verified=is_verified("practicum__supervisor_email_key"),
            waiting_since=Subquery(asked),
        )
        .select_related("participant__user", "participant__cohort", "practicum")
        # What the list shows, and no more: whole people and cohorts cost more to load
        # than the rest of the page.
        .only(
            *("public_id", "date", "hours", "status", "participant", "practicum"),
            *("participant__user__display_name", "participant__cohort__year"),
            *(f"practicum__{name}" for name in ("public_id", "host_agency", "supervisor_name", "supervisor_email")),
            "practicum__is_current",
        )
        .prefetch_related(_answers())
        .order_by("-created_at", "-pk")
    )
    if longest_waiting:
        entries = entries.filter(waiting_since__isnull=False).order_by(F("waiting_since").asc(), "pk")
    if cohort is not None:
        entries = entries.filter(participant__cohort=cohort)
    return entries


def practicum_entry_for_staff(public_id) -> HourEntry | None:
    return HourEntry.objects.filter(public_id=public_id, **PRACTICUM).select_related("practicum").first()


def practicums_for_staff(participant: Participant) -> list[Practicum]:
    """The participant's practicums, the current one first, each with `supervisor_verified`."""
    return list(
        Practicum.objects.filter(participant=participant)
        .annotate(supervisor_verified=is_verified("supervisor_email_key"))
        .order_by("-is_current", "-created_at")
    )


def practicum_for_staff(public_id) -> Practicum | None:
    return Practicum.objects.filter(public_id=public_id).first()
