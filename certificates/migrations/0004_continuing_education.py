import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cpse.crypto
import cpse.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_batch_pinned"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ContinuingEducation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("activity", models.CharField(max_length=200)),
                ("provider", models.CharField(max_length=200)),
                ("completed_on", models.DateField()),
                ("hours", models.DecimalField(decimal_places=2, max_digits=6)),
                ("evidence", models.FileField(blank=True, upload_to=cpse.uploads.private_upload_path)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "Waiting for review"),
                            ("approved", "Approved"),
                            ("returned", "Returned"),
                        ],
                        default="submitted",
                        max_length=10,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("return_reason", cpse.crypto.EncryptedTextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="continuing_education",
                        to="certificates.certificate",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-completed_on", "-pk"],
                "indexes": [models.Index(fields=["status", "created_at"], name="ce_status_created")],
                "constraints": [models.CheckConstraint(condition=models.Q(("hours__gt", 0)), name="ce_hours_positive")],
            },
        ),
    ]
