"""A smoke of the dashboard benchmark (the real run is `python -m benchmarks.dashboard`):
its pages exist in the demo and scale data and answer the manager it signs in as."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from benchmarks import dashboard, run


@pytest.mark.django_db
def test_the_dashboard_benchmark_pages_answer():
    from django.test import Client

    from benchmarks.seed_scale import seed

    seed(credentials=1, years=range(2025, 2026), per_cohort=3, hour_entries=20, stdout=lambda _: None)
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(email=run.MANAGER))
    pages = dashboard.dashboard_pages()
    assert {page.login_as for page in pages} == {run.MANAGER}
    for page in pages:
        assert client.get(page.path).status_code == 200, page
