"""The demo data gives the sponsor portal something to show: a participant who shares her
progress, and others who share nothing."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from sponsors.models import Consent, ConsentChange


@pytest.mark.django_db
def test_the_demo_sponsor_sees_shared_and_unshared_participants(client, time_machine):
    time_machine.move_to("2026-11-23 12:00")
    call_command("seed_demo", verbosity=0)
    changes = ConsentChange.objects.count()
    call_command("seed_demo", verbosity=0)
    assert ConsentChange.objects.count() == changes > 0  # safe to run again
    assert Consent.objects.filter(progress_percentages=True).exists()
    client.force_login(User.objects.get(email="donor@demo.cpse.invalid"))
    html = client.get(reverse("sponsors:portal")).content.decode()
    assert re.search(r"\d+(\.\d+)? of \d+ hours", html)  # shared progress, in hours
    assert "This participant has not chosen to share progress." in html
