# A staff search is noted in the access log: who, when, how many results (never its words).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_record_kind_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="record_kind",
            field=models.CharField(
                choices=[
                    ("account", "Account details"),
                    ("application", "Application"),
                    ("participant", "Participant record"),
                    ("data_export", "Data export"),
                    ("checkins", "Monthly check-ins"),
                    ("contact", "Contact details"),
                    ("search", "Search"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="result_count",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("subject__isnull", False), ("record_kind", "search"), _connector="OR"),
                name="access_log_entry_has_subject_unless_search",
            ),
        ),
    ]
