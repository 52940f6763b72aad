"""The CPSE credential and its default requirement set, as published by the program.

They are data, not code: a later cohort can use a new set with other numbers.
"""

from decimal import Decimal

from django.db import migrations

CPSE_DEFAULT_REQUIREMENTS = [
    # (kind, category, amount)
    ("hours", "self_care", Decimal("10")),
    ("hours", "online", Decimal("18")),
    ("hours", "intensive", Decimal("30")),
    ("hours", "practicum", Decimal("12")),
    ("exam", "exam", Decimal("1")),
    ("checkins", "checkins", Decimal("12")),
]


def create_cpse(apps, schema_editor):
    Credential = apps.get_model("cohorts", "Credential")
    RequirementSet = apps.get_model("cohorts", "RequirementSet")
    Requirement = apps.get_model("cohorts", "Requirement")
    credential, _ = Credential.objects.get_or_create(
        abbreviation="CPSE",
        defaults={
            "name": "Certified Peer Support for Exploitation",
            "description": "Prepares survivors of sex trafficking, stable in their own recovery, "
            "to work as certified peer-support specialists.",
        },
    )
    if credential.requirement_sets.exists():
        return
    requirement_set = RequirementSet.objects.create(credential=credential, name="CPSE requirements (default)")
    for position, (kind, category, amount) in enumerate(CPSE_DEFAULT_REQUIREMENTS):
        Requirement.objects.create(
            requirement_set=requirement_set, kind=kind, category=category, amount=amount, position=position
        )


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0001_initial")]

    operations = [migrations.RunPython(create_cpse, migrations.RunPython.noop)]
