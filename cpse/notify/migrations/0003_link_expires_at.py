import datetime

from django.db import migrations, models
from django.db.models import F

# The links' lifetimes when this field came (allauth's and Django's defaults, which the
# settings keep): accounts.adapters.link_lifetime gives them to new messages.
LIFETIMES = {
    "email_confirmation": datetime.timedelta(days=3),
    "email_confirmation_signup": datetime.timedelta(days=3),
    "password_reset_key": datetime.timedelta(days=3),
}


def expire_earlier_links(apps, schema_editor):
    """Account emails sent before: their links expire as theirs did, so they leave the
    Messages page like new ones."""
    Notification = apps.get_model("notify", "Notification")
    for kind, lifetime in LIFETIMES.items():
        Notification.objects.filter(kind=kind, one_time_link=True, link_expires_at__isnull=True).update(
            link_expires_at=F("created_at") + lifetime
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0002_categories_in_app_and_resend"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="link_expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(expire_earlier_links, migrations.RunPython.noop),
    ]
