"""What she was typing when she left by the quick exit (issue #25): the beacon carries it,
it is kept encrypted for her alone, and it is offered back once on that page after she
signs in again. Nobody else sees it; it expires; bad or foreign payloads keep nothing."""

import datetime
import json
import time

import pytest
from django.db import connection
from django.urls import reverse

from accounts.kept_input.forms import KEPT_INPUT_MAX_CHARS
from accounts.middleware import SESSION_SEEN
from accounts.models import KeptInput
from accounts.services import person_erase
from cpse import data_rights
from cpse.forms import UNSAVED_INPUT
from tests.accounts.test_kept_input import sign_in

NEW = reverse("requirements_tracking:entry_create")
LEAVE = reverse("accounts:leave")
WORDS = "KEPT-REFLECTION: I sat with my tea and let the day settle"
NOTE = "We kept what you typed"
FIELDS = [["date", "2026-05-09"], ["hours", "1.5"], ["kind", "journaling"], ["reflection", WORDS]]


@pytest.fixture(autouse=True)
def _today(time_machine):
    # Inside the 2026 cohort's program, so the hour entry form is open.
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC))


def leave(client, *, path=NEW, fields=FIELDS, raw_fields=None):
    """Quick exit from `path`, with what the beacon carries."""
    payload = {"kept_path": path, "kept_fields": raw_fields if raw_fields is not None else json.dumps(fields)}
    response = client.post(LEAVE, payload)
    assert response.status_code == 204
    return response


def typed_and_left(client, user, **beacon):
    client.force_login(user)
    leave(client, **beacon)


@pytest.mark.django_db
def test_the_beacon_keeps_her_words_encrypted_for_her(client, participant):
    typed_and_left(client, participant.user)
    kept = KeptInput.objects.get()
    assert (kept.user, kept.path) == (participant.user, NEW)
    assert kept.data["reflection"] == [WORDS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM accounts_keptinput")
        (raw,) = cursor.fetchone()
    assert "KEPT-REFLECTION" not in raw and "reflection" not in raw
    # And the session ended, as always.
    assert client.get(NEW)["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_nothing_is_kept_for_a_session_that_is_not_signed_in(client):
    leave(client)
    assert not KeptInput.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "raw_fields"),
    [
        ("https://elsewhere.example/hours/new/", None),
        ("//elsewhere.example/hours/new/", None),
        ("/no-such-page/", None),
        (reverse("account_login"), None),
        (LEAVE, None),
        (NEW + "?next=/", None),
        (NEW, json.dumps([["reflection", "x" * KEPT_INPUT_MAX_CHARS]])),
        (NEW, "not json"),
        (NEW, json.dumps({"reflection": WORDS})),
        (NEW, json.dumps([["reflection", 42]])),
        (NEW, json.dumps([["reflection", "  "]])),
        (NEW, json.dumps([["reflection", "x"]] * 101)),
    ],
)
def test_foreign_oversized_or_odd_payloads_keep_nothing(client, participant, path, raw_fields):
    typed_and_left(client, participant.user, path=path, raw_fields=raw_fields)
    assert not KeptInput.objects.exists()


@pytest.mark.django_db
def test_passwords_and_the_csrf_token_are_never_kept(client, participant):
    fields = [*FIELDS, ["password", "secret-1"], ["new_Password2", "secret-2"], ["csrfmiddlewaretoken", "t"]]
    typed_and_left(client, participant.user, fields=fields)
    assert set(KeptInput.objects.get().data) == {"date", "hours", "kind", "reflection"}


@pytest.mark.django_db
def test_the_newest_words_win(client, participant):
    typed_and_left(client, participant.user, fields=[["reflection", "first try"]])
    typed_and_left(client, participant.user)
    assert [kept.data["reflection"] for kept in KeptInput.objects.all()] == [[WORDS]]


@pytest.mark.django_db
def test_she_finds_her_words_once_after_signing_in_again(client, participant):
    typed_and_left(client, participant.user)
    sign_in(client, participant.user)
    # Another page first: the words wait for their own page.
    client.get(reverse("requirements_tracking:mine"))
    page = client.get(NEW).content.decode()
    assert NOTE in page and WORDS in page
    assert not KeptInput.objects.exists()
    page = client.get(NEW).content.decode()
    assert NOTE not in page and WORDS not in page


@pytest.mark.django_db
def test_signing_out_normally_does_not_lose_them(client, participant):
    typed_and_left(client, participant.user)
    sign_in(client, participant.user)
    client.post(reverse("account_logout"))
    sign_in(client, participant.user)
    assert WORDS in client.get(NEW).content.decode()


@pytest.mark.django_db
def test_another_person_never_sees_them(client, participant, other_participant):
    typed_and_left(client, participant.user)
    sign_in(client, other_participant.user)
    page = client.get(NEW).content.decode()
    assert WORDS not in page and NOTE not in page
    # Still hers when she comes back.
    client.post(reverse("account_logout"))
    sign_in(client, participant.user)
    assert WORDS in client.get(NEW).content.decode()


@pytest.mark.django_db
def test_they_expire(client, participant, settings, time_machine):
    typed_and_left(client, participant.user)
    time_machine.shift(datetime.timedelta(hours=settings.KEPT_INPUT_HOURS, minutes=1))
    sign_in(client, participant.user)
    assert WORDS not in client.get(NEW).content.decode()
    assert data_rights.purge_expired(dry_run=False)["kept_input"] == 1
    assert not KeptInput.objects.exists()


@pytest.mark.django_db
def test_the_daily_purge_leaves_recent_words(client, participant):
    typed_and_left(client, participant.user)
    assert data_rights.purge_expired(dry_run=False)["kept_input"] == 0
    assert KeptInput.objects.exists()


@pytest.mark.django_db
def test_her_words_are_in_her_download_and_go_with_erasure(client, participant):
    typed_and_left(client, participant.user)
    (section,) = [section for section in data_rights.sections() if section.name == "kept_input"]
    assert section.export(participant.user)[0]["what_you_typed"]["reflection"] == [WORDS]
    person_erase(user=participant.user)
    assert not KeptInput.objects.exists()


@pytest.mark.django_db
def test_after_a_timeout_the_quick_exit_keeps_nothing_anywhere(client, participant, settings):
    """Her session had already ended when she pressed Escape: no words are kept, in the
    database or in a new session, and no new session is started for the beacon."""
    client.force_login(participant.user)
    session = client.session
    session[SESSION_SEEN] = time.time() - settings.SESSION_IDLE_SECONDS - 60
    session.save()
    leave(client)
    assert not KeptInput.objects.exists()
    assert UNSAVED_INPUT not in client.session
    assert not client.session.items()
