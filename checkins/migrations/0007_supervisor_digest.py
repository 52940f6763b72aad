"""Supervisors' one daily email (issue #21, "The supervisor's day"): the private link to
the page listing what waits for a supervisor, and each contract's supervisor mailbox (the
key practicum supervisors are already gathered by), filled in for existing contracts."""

import django.utils.timezone
from django.db import migrations, models


def _email_key(email: str) -> str:
    # applications.confirmers.rules.email_key as it is today (a migration keeps its own copy).
    local, _at, domain = (email or "").strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else domain


def fill_supervisor_email_keys(apps, schema_editor):
    SupervisionContract = apps.get_model("checkins", "SupervisionContract")
    for contract in SupervisionContract.objects.only("pk", "supervisor_email").iterator():
        SupervisionContract.objects.filter(pk=contract.pk).update(
            supervisor_email_key=_email_key(contract.supervisor_email)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0006_checkin_count_from_requirement_set"),
    ]

    operations = [
        migrations.CreateModel(
            name="SupervisorListLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email_key", models.CharField(max_length=254, unique=True)),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
            ],
        ),
        migrations.AddField(
            model_name="supervisioncontract",
            name="supervisor_email_key",
            field=models.CharField(blank=True, db_index=True, max_length=254),
        ),
        migrations.RunPython(fill_supervisor_email_keys, migrations.RunPython.noop),
    ]
