from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0011_spanish_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="requirement",
            name="evidence_required",
            field=models.BooleanField(default=False),
        ),
    ]
