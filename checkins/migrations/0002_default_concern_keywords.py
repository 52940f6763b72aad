"""A few words to look out for in check-in answers, in English and Spanish (program staff
keep the list: they can add more and stop looking for any of these)."""

from django.db import migrations

PHRASES = [
    "unsafe",
    "not safe",
    "afraid",
    "scared",
    "hurt myself",
    "relapse",
    "relapsed",
    "threatened",
    "no estoy segura",
    "no estoy seguro",
    "miedo",
    "hacerme daño",
    "recaída",
    "amenazada",
    "amenazado",
]


def create(apps, schema_editor):
    ConcernKeyword = apps.get_model("checkins", "ConcernKeyword")
    for phrase in PHRASES:
        ConcernKeyword.objects.get_or_create(phrase=phrase)


class Migration(migrations.Migration):
    dependencies = [("checkins", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
