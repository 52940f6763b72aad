"""Scale data for the benchmarks (BENCHMARKS.md): 100 times today's size.

    .venv/bin/python -m benchmarks.seed_scale        (into the configured database)

10 regional programs (credentials) × 10 years × 30 participants = 3,000 participants,
with 100,000 hour entries among them (self-care, online, intensive and practicum; most
approved, some waiting or returned). Bulk inserts, so it takes seconds, and it is safe to
run again: a second run finds the data and does nothing.
"""

from __future__ import annotations

import datetime
import itertools
import os
import time
from decimal import Decimal

CREDENTIALS = 10
YEARS = range(2016, 2026)
PER_COHORT = 30
HOUR_ENTRIES = 100_000
EMAIL_DOMAIN = "scale.cpse.invalid"


def seed(
    *,
    credentials: int = CREDENTIALS,
    years=YEARS,
    per_cohort: int = PER_COHORT,
    hour_entries: int = HOUR_ENTRIES,
    stdout=print,
) -> dict[str, int]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import User
    from cohorts.models import Cohort, Credential, Participant, Requirement, RequirementSet
    from dashboard.management.commands.seed_demo import cohort_dates
    from requirements_tracking.models import HourEntry

    started = time.monotonic()
    if Credential.objects.filter(abbreviation="CPSE-R1").exists():
        stdout("scale data already there")
        return {"participants": Participant.objects.filter(user__email__endswith=EMAIL_DOMAIN).count()}
    requirement_set = RequirementSet.objects.get(credential__abbreviation="CPSE")
    requirements = list(
        Requirement.objects.filter(requirement_set=requirement_set, kind=Requirement.Kind.HOURS).order_by("position")
    )
    password = make_password(None)  # nobody signs in as these people
    statuses = itertools.cycle(
        [HourEntry.Status.APPROVED] * 8 + [HourEntry.Status.SUBMITTED, HourEntry.Status.RETURNED]
    )
    with transaction.atomic():
        credentials = Credential.objects.bulk_create(
            Credential(name=f"Regional peer-support credential {n}", abbreviation=f"CPSE-R{n}")
            for n in range(1, credentials + 1)
        )
        cohorts = Cohort.objects.bulk_create(
            Cohort(credential=credential, requirement_set=requirement_set, year=year, **cohort_dates(year))
            for credential in credentials
            for year in years
        )
        users = User.objects.bulk_create(
            User(email=f"person{n}@{EMAIL_DOMAIN}", display_name=f"Person {n}", password=password)
            for n in range(len(cohorts) * per_cohort)
        )
        participants = Participant.objects.bulk_create(
            Participant(user=user, cohort=cohorts[n // per_cohort], status=Participant.Status.COMPLETED)
            for n, user in enumerate(users)
        )
        per_person, extra = divmod(hour_entries, len(participants))
        entries = []
        for n, participant in enumerate(participants):
            cohort = cohorts[n // per_cohort]
            for k in range(per_person + (1 if n < extra else 0)):
                entries.append(
                    HourEntry(
                        participant=participant,
                        requirement=requirements[k % len(requirements)],
                        date=cohort.program_start + datetime.timedelta(days=k * 4 % 150),
                        hours=Decimal("0.75"),
                        kind=HourEntry.Kind.OTHER,
                        reflection="A quiet hour of journaling" if k % 4 == 0 else "",
                        status=next(statuses),
                    )
                )
        HourEntry.objects.bulk_create(entries, batch_size=5_000)
    counts = {"credentials": len(credentials), "cohorts": len(cohorts), "participants": len(participants)}
    counts["hour entries"] = len(entries)
    stdout(f"seeded {counts} in {time.monotonic() - started:.1f} s")
    return counts


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpse.settings")
    import django

    django.setup()
    seed()
