"""The code of ethics: publishing versions, acknowledging, and the ETHICS requirement in
progress (the participant's page, the cohort grid, certificate eligibility)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.services import certificate_eligibility
from cohorts import services as cohort_services
from cohorts.models import Participant, Requirement, RequirementSet
from cohorts.services import RequirementSetChanges
from cpse import data_rights
from cpse.notify.models import Notification
from requirements_tracking.data_rights import export_ethics
from requirements_tracking.ethics import selectors
from requirements_tracking.ethics.services import (
    NEW_VERSION_KIND,
    EthicsError,
    ethics_acknowledge,
    ethics_code_publish,
)
from requirements_tracking.models import EthicsAcknowledgment, EthicsCode
from requirements_tracking.progress import cohort_grid, participant_progress
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, cpse_credential

BODY = (
    "Boundaries\n\nWe are peers, not friends.\n\nConfidentiality\n\nWhat a person tells us belongs to them."
    "\n\nLine one\nline two"
)


def publish(by=None, *, changes="", title="Code of ethics", body=BODY) -> EthicsCode:
    return ethics_code_publish(credential=cpse_credential(), title=title, body=body, changes=changes, by=by)


def with_ethics_requirement(cohort) -> Requirement:
    """A copy of the default set with the optional ETHICS requirement, used by `cohort`."""
    copy = cohort_services.requirement_set_copy(source=cohort.requirement_set, name="With ethics")
    requirement = Requirement.objects.create(
        requirement_set=copy, kind=Requirement.Kind.ETHICS, category=Requirement.Category.ETHICS, amount=1, position=99
    )
    cohort.requirement_set = copy
    cohort.save(update_fields=["requirement_set"])
    return requirement


def ethics_row(participant):
    participant.refresh_from_db()
    return next(row for row in participant_progress(participant) if row.is_ethics)


# --- Publishing --------------------------------------------------------------------------


@pytest.mark.django_db
def test_versions_count_up_and_a_new_version_needs_to_say_what_changed(program_staff):
    first = publish(program_staff)
    assert (first.version, first.published_by, first.changes) == (1, program_staff, "")
    with pytest.raises(EthicsError) as refused:
        publish(program_staff, changes="   ")
    assert refused.value.code == "changes"
    second = publish(program_staff, changes="A clearer section on gifts.", title="  Code, revised  ")
    assert (second.version, second.title) == (2, "Code, revised")
    assert selectors.current_code(cpse_credential().pk) == second


@pytest.mark.django_db
@pytest.mark.parametrize(("title", "body", "code"), [("", BODY, "title"), ("Code", " \n ", "body")])
def test_a_version_needs_a_title_and_a_body(program_staff, title, body, code):
    with pytest.raises(EthicsError) as refused:
        publish(program_staff, title=title, body=body)
    assert refused.value.code == code
    assert not EthicsCode.objects.exists()


@pytest.mark.django_db
def test_a_new_version_tells_enrolled_participants_without_content(program_staff, participant, other_participant):
    other_participant.status = Participant.Status.WITHDRAWN
    other_participant.save()
    publish(program_staff)
    notes = Notification.objects.filter(kind=NEW_VERSION_KIND)
    assert [n.recipient for n in notes] == [participant.user]
    note = notes.get()
    assert note.subject == "The program's code of ethics has a new version — please read it"
    assert "/ethics/" in note.body
    assert "Boundaries" not in note.body and "peers" not in note.body
    second = publish(program_staff, changes="Clearer words on gifts.")
    assert Notification.objects.filter(kind=NEW_VERSION_KIND).count() == 2
    assert notes.filter(key=f"ethics-version:{second.pk}:{participant.user.pk}").exists()


# --- Acknowledging -----------------------------------------------------------------------


@pytest.mark.django_db
def test_acknowledging_twice_is_idempotent(program_staff, participant):
    code = publish(program_staff)
    first, created = ethics_acknowledge(participant=participant, code=code)
    again, created_again = ethics_acknowledge(participant=participant, code=code)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert EthicsAcknowledgment.objects.filter(participant=participant).count() == 1


@pytest.mark.django_db
def test_only_the_current_version_may_be_acknowledged(program_staff, participant):
    old = publish(program_staff)
    publish(program_staff, changes="New section on supervision.")
    with pytest.raises(EthicsError) as refused:
        ethics_acknowledge(participant=participant, code=old)
    assert refused.value.code == "not_current"
    assert not EthicsAcknowledgment.objects.exists()


@pytest.mark.django_db
def test_the_status_says_what_is_due(program_staff, participant):
    assert selectors.ethics_status(participant).due is False  # nothing published
    first = publish(program_staff)
    assert selectors.ethics_status(participant).due is True
    ethics_acknowledge(participant=participant, code=first)
    status = selectors.ethics_status(participant)
    assert (status.due, status.acknowledgment.code) == (False, first)
    publish(program_staff, changes="Clearer.")
    status = selectors.ethics_status(participant)
    assert (status.due, status.previous_acknowledged) == (True, first)


# --- Progress ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_version_makes_the_requirement_incomplete_until_acknowledged(program_staff, participant):
    with_ethics_requirement(participant.cohort)
    assert ethics_row(participant).complete is False  # nothing published yet
    first = publish(program_staff)
    ethics_acknowledge(participant=participant, code=first)
    assert ethics_row(participant).complete is True
    assert ethics_row(participant).approved == Decimal("1")
    second = publish(program_staff, changes="A section on social media.")
    assert ethics_row(participant).complete is False
    missing = certificate_eligibility(participant)[1]
    assert "Code of ethics acknowledged" in missing
    ethics_acknowledge(participant=participant, code=second)
    assert ethics_row(participant).complete is True
    assert "Code of ethics acknowledged" not in certificate_eligibility(participant)[1]


@pytest.mark.django_db
def test_the_grid_reads_acknowledgments_in_one_query_whatever_the_cohort_size(program_staff, cohort):
    with_ethics_requirement(cohort)
    code = publish(program_staff)
    people = [ParticipantFactory(cohort=cohort) for _ in range(3)]
    ethics_acknowledge(participant=people[0], code=code)

    def count():
        with CaptureQueriesContext(connection) as queries:
            grid = cohort_grid(cohort)
        return len(queries.captured_queries), grid

    before, grid = count()
    column = next(i for i, r in enumerate(grid.requirements) if r.kind == Requirement.Kind.ETHICS)
    done = {row.participant.pk: row.cells[column].progress.complete for row in grid.rows}
    assert done == {people[0].pk: True, people[1].pk: False, people[2].pk: False}
    for _ in range(10):
        ethics_acknowledge(participant=ParticipantFactory(cohort=cohort), code=code)
    after, _grid = count()
    assert after == before


@pytest.mark.django_db
def test_another_credentials_code_does_not_count(program_staff, participant):
    from cohorts.models import Credential

    other = Credential.objects.create(name="Another credential", abbreviation="ANO")
    with_ethics_requirement(participant.cohort)
    code = ethics_code_publish(credential=other, title="Other", body="Text.", changes="", by=program_staff)
    with pytest.raises(EthicsError):
        ethics_acknowledge(participant=participant, code=code)
    assert ethics_row(participant).complete is False


# --- Staff list ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_rows_filter_by_status_and_version(program_staff, cohort):
    first = publish(program_staff)
    ada, ben, cy = (ParticipantFactory(cohort=cohort, user__display_name=name) for name in ("Ada", "Ben", "Cy"))
    ethics_acknowledge(participant=ada, code=first)
    ethics_acknowledge(participant=ben, code=first)
    second = publish(program_staff, changes="Clearer.")
    ethics_acknowledge(participant=ada, code=second)

    def names(**filters):
        return [str(p.user) for p in selectors.acknowledgment_rows(cohort, **filters)]

    assert names() == ["Ada", "Ben", "Cy"]
    assert names(status=selectors.ACKNOWLEDGED) == ["Ada"]
    assert names(status=selectors.DUE) == ["Ben", "Cy"]
    assert names(version=1) == ["Ada", "Ben"]
    assert names(version=2) == ["Ada"]
    rows = {str(p.user): (p.acknowledged_version, p.current_version) for p in selectors.acknowledgment_rows(cohort)}
    assert rows == {"Ada": (2, 2), "Ben": (1, 2), "Cy": (None, 2)}


# --- The requirement-set editor ------------------------------------------------------------


def _changes(requirement_set, **overrides) -> RequirementSetChanges:
    requirements = list(requirement_set.requirements.all())
    values = {
        "name": requirement_set.name,
        "eligibility": {name: getattr(requirement_set, name) for name in cohort_services.RULE_FIELDS},
        "amounts": {r.pk: r.amount for r in requirements if r.kind in cohort_services.EDITABLE_KINDS},
        "expectations": {},
    }
    return RequirementSetChanges(**(values | overrides))


@pytest.mark.django_db
def test_the_editor_adds_and_removes_the_ethics_requirement():
    unused = cohort_services.requirement_set_copy(source=RequirementSet.objects.order_by("pk").first(), name="Next")
    cohort_services.requirement_set_update(requirement_set=unused, changes=_changes(unused, ethics_required=True))
    ethics = unused.requirements.get(kind=Requirement.Kind.ETHICS)
    assert (ethics.category, ethics.amount) == (Requirement.Category.ETHICS, Decimal("1"))
    assert ethics.position == max(r.position for r in unused.requirements.all())
    # Left as it is when the change does not say.
    cohort_services.requirement_set_update(requirement_set=unused, changes=_changes(unused))
    assert unused.requirements.filter(kind=Requirement.Kind.ETHICS).count() == 1
    cohort_services.requirement_set_update(requirement_set=unused, changes=_changes(unused, ethics_required=False))
    assert not unused.requirements.filter(kind=Requirement.Kind.ETHICS).exists()


@pytest.mark.django_db
def test_an_ethics_requirement_must_ask_for_exactly_one():
    unused = cohort_services.requirement_set_copy(source=RequirementSet.objects.order_by("pk").first(), name="Next")
    ethics = Requirement.objects.create(
        requirement_set=unused, kind=Requirement.Kind.ETHICS, category=Requirement.Category.ETHICS, amount=2
    )
    problems = cohort_services.requirement_set_problems(requirement_set=unused, changes=_changes(unused))
    assert problems == {("amount", ethics.pk): ["The code of ethics is acknowledged once: its amount is 1."]}
    ethics.amount = 1
    ethics.save()
    assert cohort_services.requirement_set_problems(requirement_set=unused, changes=_changes(unused)) == {}


@pytest.mark.django_db
def test_the_default_set_does_not_ask_for_the_code_of_ethics():
    """Optional: no migration adds it to the default CPSE set."""
    default = RequirementSet.objects.order_by("pk").first()
    assert not default.requirements.filter(kind=Requirement.Kind.ETHICS).exists()


# --- Data rights ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_and_erase_the_acknowledgments(program_staff, participant):
    code = publish(program_staff)
    ethics_acknowledge(participant=participant, code=code)
    exported = export_ethics(participant.user)
    assert [(row["version"], row["code"], row["credential"]) for row in exported] == [(1, "Code of ethics", "CPSE")]
    section = next(s for s in data_rights.sections() if s.name == "ethics")
    section.erase(participant.user)
    assert not EthicsAcknowledgment.objects.exists()
    assert EthicsCode.objects.count() == 1


@pytest.mark.django_db
def test_a_later_cohort_of_the_same_credential_shares_the_code(program_staff):
    code = publish(program_staff)
    later = ParticipantFactory(cohort=CohortFactory(year=2027), user=UserFactory())
    _ack, created = ethics_acknowledge(participant=later, code=code)
    assert created and selectors.acknowledged_current([later.pk]) == frozenset({later.pk})
