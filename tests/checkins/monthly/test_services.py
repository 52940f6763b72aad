"""The check-in rules: when it opens, saving and sending once, answers refused, escalation,
keyword matching, encryption at rest, and the concern's discreet notification."""

import datetime

import pytest
from django.db import connection

from accounts.models import Role
from checkins.models import CheckIn, Concern, ConcernKeyword
from checkins.monthly import services
from cpse.notify.models import Notification
from tests.checkins.factories import placement_year
from tests.factories import UserFactory

DUE = datetime.date(2026, 12, 1)  # check-in 1 of a placement that started on 1 November 2026
CALM = {"work_going": "Settling in with the team", "wellbeing": "4", "supervision": "regular"}


@pytest.fixture
def first(participant) -> CheckIn:
    return placement_year(participant)[0]


def submit(checkin, participant, today=DUE, **answers):
    return services.checkin_submit(checkin=checkin, answers={**CALM, **answers}, by=participant.user, today=today)


# --- When a check-in is open ----------------------------------------------------------------


def test_a_check_in_opens_three_days_before_it_is_due(first, participant):
    with pytest.raises(services.CheckInError) as refused:
        services.checkin_save(checkin=first, answers=CALM, by=participant.user, today=DUE - datetime.timedelta(days=4))
    assert refused.value.code == "not_open_yet"
    services.checkin_save(checkin=first, answers=CALM, by=participant.user, today=DUE - datetime.timedelta(days=3))
    first.refresh_from_db()
    assert first.work_going == "Settling in with the team" and first.started_at and not first.submitted_at


def test_sending_before_it_opens_is_refused(first, participant):
    with pytest.raises(services.CheckInError) as refused:
        submit(first, participant, today=DUE - datetime.timedelta(days=10))
    assert refused.value.code == "not_open_yet"
    first.refresh_from_db()
    assert first.submitted_at is None


def test_a_late_check_in_can_still_be_sent(first, participant):
    submit(first, participant, today=DUE + datetime.timedelta(days=60))
    first.refresh_from_db()
    assert first.is_submitted


def test_someone_else_cannot_save_or_send_it(first, other_participant):
    for service in (services.checkin_save, services.checkin_submit):
        with pytest.raises(services.CheckInError) as refused:
            service(checkin=first, answers=CALM, by=other_participant.user, today=DUE)
        assert refused.value.code == "not_yours"


# --- Answers ------------------------------------------------------------------------------


@pytest.mark.parametrize("wellbeing", ["0", "6", "-1", "abc", "3.5", "99999999999999999999"])
def test_wellbeing_outside_one_to_five_is_refused(first, participant, wellbeing):
    with pytest.raises(services.CheckInError) as refused:
        submit(first, participant, wellbeing=wellbeing)
    assert refused.value.code == "wellbeing"
    first.refresh_from_db()
    assert first.submitted_at is None


def test_sending_needs_wellbeing_but_saving_does_not(first, participant):
    services.checkin_save(checkin=first, answers={"work_going": "Busy"}, by=participant.user, today=DUE)
    with pytest.raises(services.CheckInError) as refused:
        submit(first, participant, wellbeing="")
    assert refused.value.code == "wellbeing"


def test_asking_for_contact_needs_a_way(first, participant):
    with pytest.raises(services.CheckInError) as refused:
        submit(first, participant, wants_contact=True, contact_way="")
    assert refused.value.code == "contact_way"
    with pytest.raises(services.CheckInError):
        submit(first, participant, wants_contact=True, contact_way="carrier pigeon")


def test_a_huge_answer_is_refused(first, participant):
    with pytest.raises(services.CheckInError) as refused:
        submit(first, participant, boundaries="x" * (services.ANSWER_MAX_LENGTH + 1))
    assert refused.value.code == "boundaries"


def test_a_check_in_is_sent_once_and_then_cannot_change(first, participant):
    submit(first, participant, wellbeing="1")
    with pytest.raises(services.CheckInError) as twice:
        submit(first, participant, wellbeing="5")
    assert twice.value.code == "already_submitted"
    with pytest.raises(services.CheckInError) as edit:
        services.checkin_save(checkin=first, answers={"work_going": "changed"}, by=participant.user, today=DUE)
    assert edit.value.code == "already_submitted"
    first.refresh_from_db()
    assert first.wellbeing == "1" and first.work_going == "Settling in with the team"
    assert Concern.objects.filter(checkin=first).count() == 1


def test_answers_are_encrypted_in_the_database(first, participant):
    submit(first, participant, support_wanted="I would like a mentor", boundaries="Saying no on weekends")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT work_going, wellbeing, boundaries, support_wanted FROM checkins_checkin WHERE id = %s", [first.pk]
        )
        row = cursor.fetchone()
    stored = " ".join(row)
    for plain in ("Settling in", "mentor", "Saying no"):
        assert plain not in stored
    assert row[1] != "4"
    first.refresh_from_db()
    assert first.support_wanted == "I would like a mentor" and first.wellbeing == "4"


# --- Escalation ---------------------------------------------------------------------------


def reasons(checkin) -> set[str]:
    return set(Concern.objects.filter(checkin=checkin).values_list("reason", flat=True))


@pytest.mark.parametrize(("wellbeing", "opens"), [("1", True), ("2", True), ("3", False), ("5", False)])
def test_low_wellbeing_opens_a_concern(first, participant, wellbeing, opens):
    opened = submit(first, participant, wellbeing=wellbeing)
    assert reasons(first) == ({Concern.Reason.LOW_WELLBEING} if opens else set())
    assert len(opened) == int(opens)


def test_asking_for_contact_opens_a_concern(first, participant):
    submit(first, participant, wants_contact=True, contact_way="text", contact_note="After 6pm")
    assert reasons(first) == {Concern.Reason.ASKED_FOR_CONTACT}


def test_a_keyword_in_any_answer_opens_a_concern(first, participant):
    ConcernKeyword.objects.get_or_create(phrase="unsafe")
    submit(first, participant, support_wanted="Some nights I feel UNSAFE going home.")
    assert reasons(first) == {Concern.Reason.KEYWORD}


def test_every_reason_at_once(first, participant):
    submit(first, participant, wellbeing="2", wants_contact=True, contact_way="phone", work_going="I am afraid")
    assert reasons(first) == {Concern.Reason.LOW_WELLBEING, Concern.Reason.ASKED_FOR_CONTACT, Concern.Reason.KEYWORD}


def test_a_calm_check_in_opens_nothing_and_an_inactive_keyword_is_ignored(first, participant):
    ConcernKeyword.objects.update_or_create(phrase="afraid", defaults={"active": False})
    submit(first, participant, work_going="I was afraid of the first day, now fine")
    assert reasons(first) == set()


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("I feel unsafe", "unsafe", True),
        ("I feel UNSAFE.", "unsafe", True),
        ("Unsafe!", "unsafe", True),
        ("not unafraid at all", "afraid", False),  # whole words only
        ("afraidness", "afraid", False),
        ("I might hurt   myself", "hurt myself", True),  # spaces between words
        ("hurt; myself", "hurt myself", False),
        ("Tengo MIEDO", "miedo", True),
        ("quiero hacerme dano", "hacerme daño", True),  # accents ignored both ways
        ("Quiero HACERME DAÑO", "hacerme dano", True),
        ("tuve una recaida", "recaída", True),
        ("no estoy segura en casa", "no estoy segura", True),
        ("", "unsafe", False),
        ("abc", "a.c", False),  # punctuation in a phrase is literal, never a pattern
    ],
)
def test_keyword_matching(text, phrase, found):
    assert bool(services.keywords_found(text, [phrase])) is found


def test_the_default_keywords_are_there(db):
    phrases = set(ConcernKeyword.objects.values_list("phrase", flat=True))
    assert {"unsafe", "afraid", "hurt myself", "relapse", "miedo", "hacerme daño"} <= phrases


def test_the_concern_notification_tells_staff_without_any_content(first, participant, program_staff):
    UserFactory(roles=[Role.INSTRUCTOR])
    submit(first, participant, wellbeing="1", work_going="Everything is falling apart at work")
    notes = list(Notification.objects.filter(kind="checkin_attention"))
    assert [note.recipient for note in notes] == [program_staff]
    note = notes[0]
    assert note.subject == "A check-in needs your attention"
    text = note.subject + note.body
    for secret in ("falling apart", "Very hard", "Participant Cora", "cora@example.org", "wellbeing", "Wellbeing"):
        assert secret not in text
    concern = Concern.objects.get(checkin=first)
    assert str(concern.public_id) in note.body


# --- Staff ----------------------------------------------------------------------------------


def test_closing_needs_a_note_and_happens_once(first, participant, program_staff):
    (concern,) = submit(first, participant, wellbeing="1")
    with pytest.raises(services.CheckInError) as blank:
        services.concern_close(concern=concern, note="   ", by=program_staff)
    assert blank.value.code == "note"
    services.concern_close(concern=concern, note="Called; she is okay", by=program_staff)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED and concern.closed_by == program_staff and concern.closed_at
    with pytest.raises(services.CheckInError) as again:
        services.concern_close(concern=concern, note="Again", by=program_staff)
    assert again.value.code == "already_closed"
    assert [f.note for f in concern.follow_ups.all()] == ["Called; she is okay"]


def test_a_closed_concern_can_be_reopened_with_a_reason(first, participant, program_staff):
    (concern,) = submit(first, participant, wellbeing="1")
    services.concern_follow_up_add(concern=concern, note="Left a message", by=program_staff)
    services.concern_close(concern=concern, note="Talked", by=program_staff)
    services.concern_reopen(concern=concern, note="She wrote again", by=program_staff)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and concern.closed_at is None
    with pytest.raises(services.CheckInError):
        services.concern_reopen(concern=concern, note="Twice", by=program_staff)
    assert concern.follow_ups.count() == 3


def test_mark_reviewed_once(first, participant, program_staff):
    with pytest.raises(services.CheckInError):
        services.checkin_mark_reviewed(checkin=first, by=program_staff)
    submit(first, participant)
    first.refresh_from_db()
    assert services.checkin_mark_reviewed(checkin=first, by=program_staff) is True
    assert services.checkin_mark_reviewed(checkin=first, by=program_staff) is False


@pytest.mark.parametrize(
    ("phrase", "code"),
    [("", "phrase"), ("    ", "phrase"), ("x" * 81, "phrase"), ("UNSAFE", "phrase"), (" Unsafe ", "phrase")],
)
def test_keyword_add_refuses_blank_long_and_duplicates(db, program_staff, phrase, code):
    with pytest.raises(services.CheckInError) as refused:
        services.concern_keyword_add(phrase=phrase, by=program_staff)
    assert refused.value.code == code


def test_keyword_add_tidies_spaces(db, program_staff):
    keyword = services.concern_keyword_add(phrase="  can't   sleep ", by=program_staff)
    assert keyword.phrase == "can't sleep" and keyword.active and keyword.added_by == program_staff


def test_without_asking_for_contact_the_way_and_note_are_not_kept(first, participant):
    submit(first, participant, wants_contact=False, contact_way="phone", contact_note="Mornings")
    first.refresh_from_db()
    assert (first.contact_way, first.contact_note) == ("", "")
