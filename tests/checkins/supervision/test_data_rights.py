"""Supervision in "My data": the export has the contracts and the sessions with the
person's reflections; erasure removes them and empties their change history, and a
supervisor's erased account comes off the contracts they agreed to."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from checkins.models import SupervisionContract, SupervisionSession
from checkins.supervision import data_rights
from tests.checkins.supervision.test_services import agreed_contract, log, propose
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=False)


def test_export_has_the_contracts_and_sessions_with_reflections(participant, other_participant):
    agreed_contract(participant)
    log(participant, reflection="Learning to pause")
    agreed_contract(other_participant, supervisor_email="kim@agency.example.org")
    log(other_participant, reflection="Not mine")
    data = data_rights.export(participant.user)
    assert [c["supervisor_email"] for c in data["contracts"]] == ["sam@harbor.example.org"]
    assert data["contracts"][0]["how_often"] == "Every week"
    assert data["sessions"] == [
        {
            "for": "Practicum",
            "date": datetime.date(2026, 5, 10),
            "minutes": 50,
            "topics": "Boundaries and ethics, Skills and learning",
            "reflection": "Learning to pause",
        }
    ]


def test_erase_removes_them_and_their_history(participant, other_participant):
    contract = agreed_contract(participant)
    session = log(participant)
    agreed_contract(other_participant, supervisor_email="kim@agency.example.org")
    data_rights.erase(participant.user)
    assert not SupervisionContract.objects.filter(participant=participant).exists()
    assert not SupervisionSession.objects.filter(pk=session.pk).exists()
    assert SupervisionContract.objects.filter(participant=other_participant).count() == 1
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SupervisionContract), object_pk=str(contract.pk)
    )
    assert history.exists() and "sam@harbor.example.org" not in str(list(history.values_list("changes", flat=True)))


def test_a_supervisors_erased_account_comes_off_the_contract(participant):
    supervisor = UserFactory(email="sam@harbor.example.org")
    contract = agreed_contract(participant)
    assert contract.supervisor_user == supervisor
    data_rights.erase(supervisor)
    contract.refresh_from_db()
    assert contract.supervisor_user is None and contract.agreed


def test_a_supervisors_erased_account_closes_the_link_to_their_list(participant):
    from checkins.models import SupervisorListLink
    from checkins.supervisor_digest.services import supervisor_list_send_now

    supervisor = UserFactory(email="sam@harbor.example.org")
    contract = propose(participant)
    supervisor_list_send_now(email=contract.supervisor_email, reason="test")
    assert SupervisorListLink.objects.filter(email_key="sam@harbor.example.org").exists()
    data_rights.erase(supervisor)
    assert not SupervisorListLink.objects.exists()
