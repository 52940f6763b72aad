"""The competencies the program assesses (staff can edit the list)."""

from django.db import migrations

COMPETENCIES = [
    ("Ethics and boundaries", "Keeping the helping relationship safe, honest and within its role."),
    ("Trauma-informed practice", "Understanding how trauma shapes people, and responding without causing harm."),
    ("Self-care", "Noticing one's own limits and caring for oneself in this work."),
    ("Safety planning", "Planning with a person for their safety, on their terms."),
    ("Referral and resources", "Knowing what help exists and connecting people to it."),
    ("Cultural humility", "Respecting each person's culture, language and story."),
]


def create(apps, schema_editor):
    Competency = apps.get_model("requirements_tracking", "Competency")
    for position, (name, description) in enumerate(COMPETENCIES):
        Competency.objects.get_or_create(name=name, defaults={"description": description, "position": position})


class Migration(migrations.Migration):
    dependencies = [("requirements_tracking", "0003_exam")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
