# Staff search finds a misspelt name on PostgreSQL by trigram similarity (pg_trgm, a
# trusted extension: the database's owner may add it). Nothing happens on SQLite, where
# the search uses a plain "contains".

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_cohort_messages"),
    ]

    operations = [TrigramExtension()]
