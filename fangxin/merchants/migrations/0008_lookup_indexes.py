"""PostgreSQL: a trigram index on merchant names (pg_trgm, a trusted extension) so that the
public lookup by a name fragment reads an index instead of every registration, and a pattern
index for credit-code prefixes. Without the extension (a locked-down server) the lookup still
works, by scanning."""

from django.db import migrations

UP = [
    "CREATE INDEX IF NOT EXISTS merchant_name_trgm ON merchants_merchant "
    "USING GIN (UPPER(name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS merchant_credit_code_prefix ON merchants_merchant "
    "(credit_code varchar_pattern_ops)",
]
DOWN = [
    "DROP INDEX IF EXISTS merchant_name_trgm",
    "DROP INDEX IF EXISTS merchant_credit_code_prefix",
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        available = cursor.fetchone() is not None
    if available:
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(UP[0])
    schema_editor.execute(UP[1])


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("merchants", "0007_odr_applications")]
    operations = [migrations.RunPython(up, down)]
