"""The change history in words, as program staff read it: on a participant's record
(`dashboard.record`) and on the site-wide audit trail (`dashboard.home`).

Rules chosen here:
- Both pages read the history through `cpse.audit.display`, with the same rows named by
  their own name: people, participants (their name and cohort, read with them), cohorts,
  requirements, credentials and training sessions. A page may pass names it already has
  (`known`).
- A row is shown by its kind, never by the text stored with the entry (`object_repr`):
  that text is the row's `__str__` when it changed, which for some rows holds ids or
  stored values ("Seat 12 of 4", "enrolled → on_leave")."""

from auditlog.models import LogEntry

from cohorts.models import Cohort, Credential, Participant, Requirement
from cpse.audit import display as audit_display
from requirements_tracking.models import TrainingSession

NAMED = (
    Participant._base_manager.select_related("user", "cohort"),
    Cohort,
    Requirement,
    Credential,
    TrainingSession,
)


def changes_in_words(entries, *, known: dict | None = None) -> list[LogEntry]:
    """The entries, each with its changes in words (`cpse.audit.display.with_field_changes`)."""
    return audit_display.with_field_changes(entries, named=NAMED, known=known)
