"""Make the audit table append-only in the database itself, not only in the model: UPDATE is
refused always; on PostgreSQL DELETE is refused for rows inside the statutory six months (184 days).
(SQLite cannot tell a prune from a test-database flush, so there deletion is left to
`audit_verify`, which reports a missing event.)"""

from django.db import migrations

# The chain head may only move forward: its sequence and its anchor never go back.
SQLITE_UP = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_auditchainhead
       WHEN NEW.seq < OLD.seq OR NEW.anchor_seq < OLD.anchor_seq
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_head_forward_only;",
]

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'audit events are append-only';
         END IF;
         IF OLD.at > now() - interval '184 days' THEN
           RAISE EXCEPTION 'audit events inside the retention period cannot be deleted';
         END IF;
         RETURN OLD;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_event_guard BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_guard();""",
    """CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq OR NEW.anchor_seq < OLD.anchor_seq THEN
           RAISE EXCEPTION 'the audit chain head only moves forward';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_auditchainhead
       FOR EACH ROW EXECUTE FUNCTION audit_head_guard();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_head_guard ON audit_auditchainhead;",
    "DROP FUNCTION IF EXISTS audit_head_guard();",
    "DROP TRIGGER IF EXISTS audit_event_guard ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_event_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def create_head(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
