from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import User
from applications.models import Application
from cohorts.models import Cohort, Participant
from sponsors.models import Sponsor, SponsorMember


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_shaped_like_the_pilot(time_machine):
    time_machine.move_to("2026-11-23 12:00")
    call_command("seed_demo", verbosity=0)
    counts = (User.objects.count(), Participant.objects.count(), Cohort.objects.count(), SponsorMember.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (
        User.objects.count(),
        Participant.objects.count(),
        Cohort.objects.count(),
        SponsorMember.objects.count(),
    ) == counts

    pilot = Participant.objects.filter(cohort__year=2025)
    assert pilot.count() == 9
    assert set(pilot.values_list("home_state", flat=True)) == {"AZ", "TX", "TN", "GA", "KY", "PA", "FL"}
    assert Counter(pilot.values_list("aspiration", flat=True)) == {
        "residential_care": 5,
        "jail_ministry": 2,
        "emergency_outreach": 1,
        "advocacy": 1,
    }
    cohort_2026 = Cohort.objects.get(year=2026)
    assert (cohort_2026.applications_open.month, cohort_2026.program_start.month, cohort_2026.program_end.month) == (
        1,
        4,
        8,
    )
    assert (cohort_2026.intensive_start.month, cohort_2026.graduation_date.month, cohort_2026.fee_cents) == (
        6,
        10,
        350_000,
    )
    assert Cohort.objects.filter(year=2027).exists()  # the next one to take applications
    assert Sponsor.objects.count() == 2
    statuses = set(Application.objects.filter(cohort__year=2026).values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    # The accepted applicant is a 2026 participant with the fee due.
    assert Participant.objects.get(cohort__year=2026).fee_due_cents == 350_000
    for user in User.objects.filter(groups__name__in=["program_staff", "instructor", "finance", "sponsor"]):
        assert user.authenticator_set.filter(type="totp").exists()


def test_seed_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
