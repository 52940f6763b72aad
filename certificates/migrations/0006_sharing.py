from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_status_list"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="sharing",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="certificate",
            name="sharing_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
