"""Each certificate's position in the revocation status list (W3C Bitstring Status List).

Rules chosen here: existing certificates get distinct random positions (the column is
added empty, filled, then made required and unique). The random default for new ones
lives in the model (certificates.models.new_status_list_index), not in the database."""

import random

from django.db import migrations, models

import certificates.models

STATUS_LIST_LENGTH = 131_072


def give_positions(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    pks = list(Certificate.objects.order_by("pk").values_list("pk", flat=True))
    positions = random.SystemRandom().sample(range(STATUS_LIST_LENGTH), len(pks))
    for pk, position in zip(pks, positions, strict=True):
        Certificate.objects.filter(pk=pk).update(status_list_index=position)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_continuing_education"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="status_list_index",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.RunPython(give_positions, migrations.RunPython.noop),
        # The column becomes required; the random default is Python's alone (the schema
        # editor would otherwise call it, and query, while altering the table).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="certificate",
                    name="status_list_index",
                    field=models.PositiveIntegerField(editable=False),
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="certificate",
                    name="status_list_index",
                    field=models.PositiveIntegerField(
                        default=certificates.models.new_status_list_index, editable=False
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(fields=("status_list_index",), name="unique_status_list_index"),
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.CheckConstraint(
                condition=models.Q(("status_list_index__lt", 131072)), name="status_list_index_in_list"
            ),
        ),
    ]
