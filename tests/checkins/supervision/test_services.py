"""Supervision contract and log: both parties agree before a contract is in force, the
one-time link (hash only, expires, works once), new terms replace a contract (history
kept), sessions only under an agreed contract, and the gaps the staff board shows."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from checkins.models import SupervisionContract, SupervisionSession
from checkins.supervision import services
from checkins.supervision.selectors import supervision_gaps
from cpse.notify.models import Notification
from requirements_tracking.practicum.services import practicum_set
from tests.checkins.factories import PlacementFactory
from tests.factories import ParticipantFactory, UserFactory

NOW = datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC)
TODAY = NOW.date()
PRACTICUM = SupervisionContract.Setting.PRACTICUM
PLACEMENT = SupervisionContract.Setting.PLACEMENT


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def terms(**changes) -> dict:
    return {
        "supervisor_name": "Sam Rivera",
        "supervisor_email": "sam@harbor.example.org",
        "frequency": SupervisionContract.Frequency.WEEKLY,
        "session_minutes": 60,
        "expectations": "We meet and both come prepared.",
        "feedback_channels": "In our sessions.",
        "confidentiality": "Stays between us, within the law.",
        "raising_concerns": "In a session or to the program team.",
        **changes,
    }


def propose(participant, setting=PRACTICUM, **changes) -> SupervisionContract:
    agree = changes.pop("agree", True)
    return services.supervision_contract_propose(
        participant=participant, setting=setting, agree=agree, **terms(**changes)
    )


def contract_link_token(contract) -> str:
    """A working token of the contract's own one-time link, as one emailed before the daily
    list existed (the raw token is never stored, and no longer emailed): a fresh one."""
    return services.supervisor_link_send(contract=contract)


def agreed_contract(participant, setting=PRACTICUM, **changes) -> SupervisionContract:
    contract = propose(participant, setting, **changes)
    return services.supervision_contract_supervisor_agree(contract=contract, token=contract_link_token(contract))


def log(participant, setting=PRACTICUM, **changes) -> SupervisionSession:
    values = {
        "held_on": TODAY,
        "minutes": 50,
        "topics": ["boundaries", "skills"],
        "reflection": "I said no kindly.",
        **changes,
    }
    return services.supervision_session_log(participant=participant, setting=setting, by=participant.user, **values)


# --- Contract ---------------------------------------------------------------------------


def test_the_form_starts_with_the_practicum_supervisor_and_the_default_words(participant):
    practicum_set(
        participant=participant, host_agency="Harbor House", supervisor_name="Sam Rivera", supervisor_email="s@h.org"
    )
    initial = services.contract_initial(participant=participant, setting=PRACTICUM)
    assert (initial["supervisor_name"], initial["supervisor_email"]) == ("Sam Rivera", "s@h.org")
    assert initial["frequency"] == SupervisionContract.Frequency.FORTNIGHTLY
    assert "safety" in initial["confidentiality"]
    PlacementFactory(participant=participant, supervisor_name="Lee Park", supervisor_email="lee@p.org")
    initial = services.contract_initial(participant=participant, setting=PLACEMENT)
    assert (initial["supervisor_name"], initial["supervisor_email"]) == ("Lee Park", "lee@p.org")


def test_a_contract_is_in_force_only_when_both_have_agreed(participant):
    draft = propose(participant, agree=False)
    assert draft.participant_agreed_at is None and not draft.agreed
    assert not Notification.objects.filter(kind="supervisor_digest").exists()

    services.supervision_contract_agree(contract=draft, participant=participant)
    draft.refresh_from_db()
    assert draft.participant_agreed_at == NOW and not draft.agreed
    assert draft.supervisor_token_hash and draft.supervisor_token_expires_at == NOW + datetime.timedelta(days=30)

    token = contract_link_token(draft)
    assert token not in draft.supervisor_token_hash  # only a hash is stored
    services.supervision_contract_supervisor_agree(contract=draft, token=token)
    draft.refresh_from_db()
    assert draft.agreed and draft.supervisor_token_hash == ""
    assert Notification.objects.filter(kind="supervision_news", recipient=participant.user).count() == 1


def test_agreeing_sends_no_email_of_its_own_the_daily_list_tells_the_supervisor(participant):
    propose(participant)
    assert not Notification.objects.filter(to_email="sam@harbor.example.org").exists()


def test_logging_against_a_contract_not_agreed_is_refused_with_a_clear_message(participant):
    with pytest.raises(services.SupervisionError, match="once your supervision contract is agreed") as refused:
        log(participant)
    assert refused.value.code == "not_agreed"
    propose(participant)  # the participant agreed, the supervisor not yet
    with pytest.raises(services.SupervisionError, match="once your supervision contract is agreed"):
        log(participant)
    assert not SupervisionSession.objects.exists()


def test_the_link_works_once(participant):
    contract = propose(participant)
    token = contract_link_token(contract)
    services.supervision_contract_supervisor_agree(contract=contract, token=token)
    with pytest.raises(services.LinkError):
        services.contract_for_token(token)
    with pytest.raises(services.LinkError):
        services.supervision_contract_supervisor_agree(contract=contract, token=token)


def test_an_expired_or_made_up_link_gets_the_same_calm_answer(participant):
    contract = propose(participant)
    token = contract_link_token(contract)
    with pytest.raises(services.LinkError) as made_up:
        services.contract_for_token("not-a-token")
    with time_machine.travel(NOW + datetime.timedelta(days=31), tick=False):
        with pytest.raises(services.LinkError) as expired:
            services.contract_for_token(token)
        with pytest.raises(services.LinkError):
            services.supervision_contract_supervisor_agree(contract=contract, token=token)
    assert str(made_up.value) == str(expired.value)
    assert not SupervisionContract.objects.get().supervisor_agreed_at


def test_a_resent_link_replaces_the_earlier_one(participant):
    contract = propose(participant)
    first = contract_link_token(contract)
    second = services.supervisor_link_resend(contract=contract, participant=participant)
    # Asked for: the supervisor's list goes at once.
    assert Notification.objects.filter(kind="supervisor_digest", to_email="sam@harbor.example.org").count() == 1
    with pytest.raises(services.LinkError):
        services.contract_for_token(first)
    assert services.contract_for_token(second) == contract


def test_only_the_named_supervisors_account_agrees_signed_in(participant):
    supervisor = UserFactory(email="Sam@Harbor.example.org")
    someone = UserFactory()
    contract = propose(participant)
    assert contract.supervisor_user == supervisor
    with pytest.raises(services.SupervisionError, match="Only the named supervisor"):
        services.supervision_contract_supervisor_agree(contract=contract, by=someone)
    services.supervision_contract_supervisor_agree(contract=contract, by=supervisor)
    contract.refresh_from_db()
    assert contract.agreed


def test_a_draft_changes_in_place(participant):
    draft = propose(participant, agree=False)
    again = propose(participant, agree=False, frequency=SupervisionContract.Frequency.MONTHLY)
    assert again.pk == draft.pk and SupervisionContract.objects.count() == 1
    assert SupervisionContract.objects.get().frequency == "monthly"


def test_new_terms_after_agreement_are_a_new_contract_both_agree_again(participant):
    old = agreed_contract(participant)
    old_session = log(participant)
    new = propose(participant, frequency=SupervisionContract.Frequency.MONTHLY)
    old.refresh_from_db()
    assert new.pk != old.pk and old.replaced_at == NOW and old.agreed
    assert not new.agreed and new.participant_agreed_at == NOW
    with pytest.raises(services.SupervisionError, match="once your supervision contract is agreed"):
        log(participant)
    assert SupervisionSession.objects.get() == old_session  # history kept


def test_changing_terms_while_waiting_stops_the_old_link(participant):
    first = propose(participant)
    token = contract_link_token(first)
    propose(participant, session_minutes=45)
    with pytest.raises(services.LinkError):
        services.contract_for_token(token)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"supervisor_name": "  "}, "supervisor_required"),
        ({"frequency": "daily"}, "frequency_required"),
        ({"confidentiality": " "}, "terms_required"),
    ],
)
def test_incomplete_terms_are_refused(participant, changes, code):
    with pytest.raises(services.SupervisionError) as refused:
        propose(participant, **changes)
    assert refused.value.code == code
    assert not SupervisionContract.objects.exists()


def test_a_contract_for_an_unknown_setting_is_refused(participant):
    with pytest.raises(services.SupervisionError):
        propose(participant, setting="holiday")


def test_someone_else_cannot_agree_to_a_contract(participant, other_participant):
    draft = propose(participant, agree=False)
    with pytest.raises(services.SupervisionError, match="not yours"):
        services.supervision_contract_agree(contract=draft, participant=other_participant)
    with pytest.raises(services.SupervisionError, match="not yours"):
        services.supervisor_link_resend(contract=draft, participant=other_participant)


def test_agreeing_twice_is_refused(participant):
    contract = propose(participant)
    with pytest.raises(services.SupervisionError, match="already agreed"):
        services.supervision_contract_agree(contract=contract, participant=participant)
    assert not Notification.objects.filter(kind="supervisor_digest").exists()


def test_a_resend_refusal_is_worded_for_whoever_asked(participant):
    contract = propose(participant)
    contract.supervisor_agreed_at = timezone.now()
    contract.save(update_fields=["supervisor_agreed_at"])
    with pytest.raises(services.SupervisionError, match="^Your supervisor has already agreed"):
        services.supervisor_link_resend(contract=contract, participant=participant)
    with pytest.raises(services.SupervisionError, match="^The supervisor has already agreed") as refused:
        services.supervisor_link_resend(contract=contract)
    assert refused.value.code == "already_agreed"
    draft = propose(participant, agree=False)
    with pytest.raises(services.SupervisionError, match="^This contract is not waiting for the supervisor:"):
        services.supervisor_link_resend(contract=draft)


# --- Sessions -------------------------------------------------------------------------------


def test_a_session_is_logged_under_the_agreed_contract(participant):
    contract = agreed_contract(participant)
    session = log(participant, topics=["skills", "boundaries", "skills"])
    session.refresh_from_db()
    assert session.contract == contract and session.topics == ["boundaries", "skills"]
    assert session.reflection == "I said no kindly." and session.logged_by == participant.user


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"held_on": TODAY + datetime.timedelta(days=1)}, "future"),
        ({"held_on": TODAY - datetime.timedelta(days=1)}, "too_early"),
        ({"minutes": 4}, "bad_minutes"),
        ({"minutes": 481}, "bad_minutes"),
        ({"topics": []}, "topics_required"),
        ({"topics": ["gossip"]}, "topics_required"),
    ],
)
def test_bad_sessions_are_refused(participant, changes, code):
    agreed_contract(participant)
    with pytest.raises(services.SupervisionError) as refused:
        log(participant, **changes)
    assert refused.value.code == code
    assert not SupervisionSession.objects.exists()


def test_the_participant_changes_and_deletes_their_session(participant, other_participant):
    agreed_contract(participant)
    session = log(participant)
    with pytest.raises(services.SupervisionError, match="not yours"):
        services.supervision_session_delete(session=session, participant=other_participant)
    services.supervision_session_update(
        session=session, participant=participant, held_on=TODAY, minutes=30, topics=["self_care"], reflection=""
    )
    session.refresh_from_db()
    assert (session.minutes, session.topics, session.reflection) == (30, ["self_care"], "")
    services.supervision_session_delete(session=session, participant=participant)
    assert not SupervisionSession.objects.exists()


# --- Gaps -----------------------------------------------------------------------------------


def test_a_weekly_contract_with_the_last_session_10_days_ago_has_a_gap_of_3_days(participant, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 1, 15, tzinfo=datetime.UTC), tick=False)
    agreed_contract(participant, PLACEMENT)
    log(participant, PLACEMENT, held_on=datetime.date(2026, 5, 1))
    time_machine.move_to(datetime.datetime(2026, 5, 11, 9, tzinfo=datetime.UTC), tick=False)
    gap = supervision_gaps([participant.pk], datetime.date(2026, 5, 11))[participant.pk]
    assert (gap.days_since, gap.gap_days, gap.frequency, gap.has_session) == (10, 3, "weekly", True)
    assert gap.last_on == datetime.date(2026, 5, 1)


def test_no_gap_within_the_agreed_rhythm_and_the_clock_starts_at_agreement(participant, other_participant):
    agreed_contract(participant, PLACEMENT, frequency=SupervisionContract.Frequency.FORTNIGHTLY)
    agreed_contract(other_participant, PRACTICUM, supervisor_email="kim@agency.example.org")
    gaps = supervision_gaps([participant.pk, other_participant.pk], TODAY + datetime.timedelta(days=14))
    assert (gaps[participant.pk].gap_days, gaps[participant.pk].has_session) == (0, False)
    assert gaps[other_participant.pk].days_since == 14 and gaps[other_participant.pk].gap_days == 7


def test_without_an_agreed_contract_there_is_no_rhythm_to_measure(participant, other_participant):
    propose(participant)  # waiting for the supervisor
    gaps = supervision_gaps([participant.pk, other_participant.pk], TODAY)
    assert not gaps[participant.pk].agreed and not gaps[other_participant.pk].agreed


def test_the_placement_contract_comes_before_the_practicum(participant):
    agreed_contract(participant, PRACTICUM)
    agreed_contract(participant, PLACEMENT, supervisor_email="lee@p.org", frequency="monthly")
    gap = supervision_gaps([participant.pk], TODAY)[participant.pk]
    assert (gap.setting, gap.frequency) == (PLACEMENT, "monthly")


def test_a_placement_contract_waiting_for_agreement_is_the_one_in_force(participant):
    """The placement year has begun: the practicum's agreed contract no longer measures
    anything, so the board shows the placement's contract waiting, not a practicum gap."""
    agreed_contract(participant, PRACTICUM)
    propose(participant, PLACEMENT, supervisor_email="lee@p.org")
    gap = supervision_gaps([participant.pk], TODAY + datetime.timedelta(days=30))[participant.pk]
    assert (gap.setting, gap.agreed, gap.gap_days) == (PLACEMENT, False, 0)


def test_a_finished_practicums_contract_counts_no_gap(participant):
    agreed_contract(participant, PRACTICUM)
    program_end = participant.cohort.program_end
    during = supervision_gaps([participant.pk], program_end)[participant.pk]
    assert during.agreed and during.gap_days > 0  # no session since it was agreed
    after = supervision_gaps([participant.pk], program_end + datetime.timedelta(days=1))[participant.pk]
    assert not after.agreed and after.gap_days == 0


def test_a_renewed_contract_keeps_the_clock_of_the_earlier_sessions(participant):
    agreed_contract(participant, PLACEMENT)
    log(participant, PLACEMENT)
    renewed = propose(participant, PLACEMENT, frequency="fortnightly")
    services.supervision_contract_supervisor_agree(contract=renewed, token=contract_link_token(renewed))
    gap = supervision_gaps([participant.pk], TODAY + datetime.timedelta(days=20))[participant.pk]
    assert (gap.days_since, gap.gap_days, gap.has_session) == (20, 6, True)


def test_gaps_cost_one_query_however_many_people(django_assert_num_queries, participant):
    people = [ParticipantFactory() for _ in range(5)]
    for n, person in enumerate(people):
        agreed_contract(person, PLACEMENT, supervisor_email=f"s{n}@agency.example.org")
        log(person, PLACEMENT)
    with django_assert_num_queries(1):
        gaps = supervision_gaps([participant.pk] + [p.pk for p in people], TODAY)
    assert len(gaps) == 6 and sum(gap.agreed for gap in gaps.values()) == 5


def test_a_withdrawn_participant_records_no_supervision(participant):
    agreed_contract(participant)
    participant.status = participant.Status.WITHDRAWN
    participant.save()
    with pytest.raises(services.SupervisionError) as refused:
        log(participant)
    assert refused.value.code == "not_active"
    with pytest.raises(services.SupervisionError):
        propose(participant, PLACEMENT)
