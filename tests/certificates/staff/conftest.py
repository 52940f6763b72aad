"""Shared by the staff certificate pages' tests."""

import pytest

from certificates import tasks


@pytest.fixture(autouse=True)
def no_rendering(monkeypatch):
    """The PDF has its own tests; here it is only queued."""
    queued = []
    monkeypatch.setattr(tasks.render, "delay", queued.append)
    return queued


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client
