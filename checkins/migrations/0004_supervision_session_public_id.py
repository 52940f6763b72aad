"""A public id for supervision sessions, so the participant's edit and delete pages never
put a sequential id in a URL. Rows already there get their own id before it becomes unique."""

import uuid

from django.db import migrations, models


def give_ids(apps, schema_editor):
    SupervisionSession = apps.get_model("checkins", "SupervisionSession")
    for session in SupervisionSession.objects.filter(public_id__isnull=True).only("pk"):
        SupervisionSession.objects.filter(pk=session.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("checkins", "0003_program_standards")]

    operations = [
        migrations.AddField(
            model_name="supervisionsession", name="public_id", field=models.UUIDField(editable=False, null=True)
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="supervisionsession",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
