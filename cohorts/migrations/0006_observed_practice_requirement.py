"""Observed practice joins the default requirement set, beside the final exam: the
program's guide asks for performance-based assessment, not only a written exam.

Only the default set gains it (a set made later as a copy carries it); a participant's
progress shows one more row, and their hours and exam result are unchanged.
"""

from decimal import Decimal

from django.db import migrations


def add_observed_practice(apps, schema_editor):
    Requirement = apps.get_model("cohorts", "Requirement")
    RequirementSet = apps.get_model("cohorts", "RequirementSet")
    requirement_set = RequirementSet.objects.filter(
        credential__abbreviation="CPSE", name="CPSE requirements (default)"
    ).first()
    if requirement_set is None or requirement_set.requirements.filter(category="competency").exists():
        return
    exam = requirement_set.requirements.filter(category="exam").first()
    Requirement.objects.create(
        requirement_set=requirement_set,
        kind="competency",
        category="competency",
        amount=Decimal("1"),
        # Right after the exam (rows of one position are in creation order).
        position=exam.position if exam else 0,
    )


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0005_expectations_status_changes")]
    operations = [migrations.RunPython(add_observed_practice, migrations.RunPython.noop)]
