"""The reference stamp and the triggers that renew its token on every write to the reference
tables. A random token rather than a counter: a rolled-back transaction (or a test) must never
hand a later, different state the token of a state the caches have already seen."""

from django.db import migrations, models

TABLES = [
    "core_bureau",
    "core_unit",
    "core_township",
    "core_ruleset",
    "core_timelimit",
    "core_calendarday",
    "core_holidaynotice",
]
OPS = ["INSERT", "UPDATE", "DELETE"]
FIRST_TOKEN = {
    "sqlite": "INSERT INTO core_referencestamp (id, token) VALUES (1, lower(hex(randomblob(16))))",
    "postgresql": "INSERT INTO core_referencestamp (id, token) "
    "VALUES (1, md5(random()::text || clock_timestamp()::text))",
}


def _sqlite():
    touch = (
        "INSERT OR REPLACE INTO core_referencestamp (id, token) "
        "VALUES (1, lower(hex(randomblob(16))));"
    )
    up, down = [], []
    for table in TABLES:
        for op in OPS:
            name = f"refstamp_{table}_{op.lower()}"
            up.append(f"CREATE TRIGGER {name} AFTER {op} ON {table} BEGIN {touch} END;")
            down.append(f"DROP TRIGGER IF EXISTS {name};")
    return up, down


def _postgres():
    up = [
        """CREATE OR REPLACE FUNCTION fx_reference_touch() RETURNS trigger AS $$
           BEGIN
             INSERT INTO core_referencestamp (id, token)
               VALUES (1, md5(random()::text || clock_timestamp()::text))
               ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
             RETURN NULL;
           END; $$ LANGUAGE plpgsql;"""
    ]
    down = []
    for table in TABLES:
        name = f"refstamp_{table}"
        up.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION fx_reference_touch();"
        )
        down.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    down.append("DROP FUNCTION IF EXISTS fx_reference_touch();")
    return up, down


def _run(direction):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            return
        up, down = _sqlite() if vendor == "sqlite" else _postgres()
        for statement in up if direction == "up" else down:
            schema_editor.execute(statement)
        if direction == "up":
            schema_editor.execute(FIRST_TOKEN[vendor])

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0005_cache_table")]
    operations = [
        migrations.CreateModel(
            name="ReferenceStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=40)),
            ],
            options={"verbose_name": "参考数据版本"},
        ),
        migrations.RunPython(_run("up"), _run("down")),
    ]
