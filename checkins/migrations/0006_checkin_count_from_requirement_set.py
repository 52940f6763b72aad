"""How many check-ins a placement year has comes from the requirement set (issue #24), no
longer from a constant 12: the number range becomes "1 or more".

Existing schedules keep their twelve rows: nothing here touches a check-in, and the
schedule never removes one it wrote (`checkins.schedule`). A set that has participants
with check-ins but no check-ins requirement (so their twelve came from the old constant)
gets one of 12, so the set says what those schedules already hold.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import migrations, models
from django.db.models import Max

# The count every schedule written before this migration has.
CHECKINS_BEFORE = Decimal("12")


def set_the_count_schedules_were_written_with(apps, schema_editor):
    CheckIn = apps.get_model("checkins", "CheckIn")
    Requirement = apps.get_model("cohorts", "Requirement")
    RequirementSet = apps.get_model("cohorts", "RequirementSet")
    in_use = CheckIn.objects.values("participant__cohort__requirement_set")
    for requirement_set in RequirementSet.objects.filter(pk__in=in_use).exclude(requirements__kind="checkins"):
        last = requirement_set.requirements.aggregate(last=Max("position"))["last"]
        Requirement.objects.create(
            requirement_set=requirement_set,
            kind="checkins",
            category="checkins",
            amount=CHECKINS_BEFORE,
            position=0 if last is None else last + 1,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0005_checkin_number_due_index"),
        ("cohorts", "0011_spanish_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="checkin", name="checkin_number_range"),
        migrations.AlterField(
            model_name="checkin",
            name="number",
            field=models.PositiveSmallIntegerField(validators=[MinValueValidator(1)]),
        ),
        migrations.AddConstraint(
            model_name="checkin",
            constraint=models.CheckConstraint(condition=models.Q(("number__gte", 1)), name="checkin_number_positive"),
        ),
        migrations.RunPython(set_the_count_schedules_were_written_with, migrations.RunPython.noop),
    ]
