import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def cohort_from_invitation(apps, schema_editor):
    """Someone already invited was on that cohort's list; the others wait for the next
    cohort to open (an empty cohort)."""
    InterestSignup = apps.get_model("applications", "InterestSignup")
    InterestSignup.objects.filter(invited_cohort__isnull=False).update(cohort=models.F("invited_cohort"))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_interview_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="interestsignup",
            name="cohort",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="interest_signups",
                to="cohorts.cohort",
            ),
        ),
        migrations.AddField(
            model_name="interestsignup",
            name="invited_again_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="interestsignup",
            name="invited_again_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="interestsignup",
            name="contacted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="interestsignup",
            name="contacted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(cohort_from_invitation, migrations.RunPython.noop),
    ]
