import uuid

import django.db.models.deletion
from django.db import migrations, models


def calendars_for_booked_interviews(apps, schema_editor):
    """An interview booked before this change keeps the UID its .ics file already had
    (the slot's public id), so a calendar that imported it updates the same entry."""
    Interview = apps.get_model("applications", "Interview")
    InterviewCalendar = apps.get_model("applications", "InterviewCalendar")
    InterviewCalendar.objects.bulk_create(
        InterviewCalendar(
            application_id=interview.application_id,
            uid=interview.slot.public_id,
            sequence=0,
            starts_at=interview.slot.starts_at,
            duration_minutes=interview.slot.duration_minutes,
        )
        for interview in Interview.objects.select_related("slot")
    )


def reminder_keys_with_their_time(apps, schema_editor):
    """The day-before reminder's key now names the interview's time, so a moved interview
    is reminded of again. A reminder already queued or sent under the old key gets the
    new one, so nobody is reminded twice of the same time on the day this is deployed."""
    Interview = apps.get_model("applications", "Interview")
    Notification = apps.get_model("notify", "Notification")
    times = dict(Interview.objects.values_list("pk", "slot_id"))
    for notification in Notification.objects.filter(key__startswith="interview-reminder:").only("pk", "key"):
        interview = notification.key.split(":")[1]
        if notification.key.count(":") == 1 and interview.isdigit() and int(interview) in times:
            notification.key = f"{notification.key}:{times[int(interview)]}"
            notification.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_interest_once_and_name_for_agency"),
        ("notify", "0003_link_expires_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationevent",
            name="change",
            field=models.CharField(
                blank=True,
                choices=[
                    ("interview_moved", "Interview moved to another time"),
                    ("interview_time_changed", "Interview time changed by the program"),
                    ("interview_cancelled", "Interview cancelled"),
                    ("interview_missed", "Interview missed"),
                ],
                max_length=30,
            ),
        ),
        migrations.AddField(
            model_name="interviewslot",
            name="missed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="applications.application",
            ),
        ),
        migrations.CreateModel(
            name="InterviewCalendar",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("sequence", models.PositiveIntegerField(default=0)),
                ("starts_at", models.DateTimeField()),
                ("duration_minutes", models.PositiveSmallIntegerField()),
                ("cancelled", models.BooleanField(default=False)),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interview_calendar",
                        to="applications.application",
                    ),
                ),
            ],
        ),
        migrations.RunPython(calendars_for_booked_interviews, migrations.RunPython.noop),
        migrations.RunPython(reminder_keys_with_their_time, migrations.RunPython.noop),
    ]
