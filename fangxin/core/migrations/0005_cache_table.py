"""The database cache table (rate limits when no Redis is configured), made with the schema so
that every migrated database has it."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_legal_grounds")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
