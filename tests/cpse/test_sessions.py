"""cpse.sessions: the session read with a statement written out reads what Django's store reads."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from cpse.sessions import SessionStore


def _session(data: dict, *, expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


@pytest.mark.django_db
def test_a_live_session_reads_as_with_djangos_store():
    key = _session({"_auth_user_id": "7", "cpse_session_seen": 1.5}, expires_in=datetime.timedelta(seconds=30))
    store = SessionStore(key)
    assert store.load() == DjangoSessionStore(key).load() == {"_auth_user_id": "7", "cpse_session_seen": 1.5}
    assert store.session_key == key


@pytest.mark.django_db
def test_an_expired_session_is_never_read_and_the_next_one_is_new():
    key = _session({"_auth_user_id": "7"}, expires_in=-datetime.timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # saving now creates a new session under a new key
    store["x"] = 1
    store.save()
    assert store.session_key not in (None, key)


@pytest.mark.django_db
def test_an_unknown_key_reads_nothing():
    store = SessionStore("k" * 32)
    assert store.load() == {}
    assert store.session_key is None


@pytest.mark.django_db
def test_signed_in_pages_read_the_session_with_it(client, participant, settings):
    assert settings.SESSION_ENGINE == "cpse.sessions"
    client.force_login(participant.user)
    assert client.get("/account/profile/").status_code == 200
