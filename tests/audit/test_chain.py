import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fangxin.audit.chain import audit_chain_verify, audit_prune
from fangxin.audit.models import AppendOnlyError, AuditEvent
from fangxin.audit.services import Actor, audit_address, record_event

pytestmark = pytest.mark.django_db
CLERK = Actor(label="测试人员")


def write_events(n, **extra):
    for i in range(n):
        with transaction.atomic():
            record_event(
                actor=CLERK,
                action="test.write",
                object_type="test.thing",
                object_id=str(i),
                changes={"n": i},
                **extra,
            )


def raw_sql_bypassing_guard(sql, params=()):
    """What a DBA with full access could do: switch the append-only trigger off and edit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute(sql, params)


def test_event_records_actor_action_object_address_and_time():
    with audit_address("192.0.2.7"):
        event = record_event(
            actor=CLERK,
            action="test.write",
            object_type="test.thing",
            object_id="42",
            changes={"status": ["new", "accepted"]},
        )
    event.refresh_from_db()
    assert (event.actor_label, event.action, event.object_id) == ("测试人员", "test.write", "42")
    assert event.address == "192.0.2.7"
    assert event.changes == {"status": ["new", "accepted"]}
    assert abs(timezone.now() - event.at) < datetime.timedelta(seconds=5)


def test_personal_data_in_the_change_summary_is_masked():
    event = record_event(
        actor=CLERK,
        action="test.write",
        object_type="test.thing",
        changes={
            "phone": ["13812341234", "13998765678"],
            "full_name": "张三丰",
            "id_number": "11010519491231002X",
        },
    )
    assert event.changes["phone"] == ["138****1234", "139****5678"]
    assert event.changes["full_name"] == "张*"
    assert event.changes["id_number"] == "110105********002X"


def test_event_is_rolled_back_with_the_write_it_describes():
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(actor=CLERK, action="test.write", object_type="test.thing")
        raise RuntimeError("the service failed after writing")
    assert AuditEvent.objects.count() == before


def test_events_cannot_be_changed_through_the_model():
    event = record_event(actor=CLERK, action="test.write", object_type="test.thing")
    event.action = "test.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_database_refuses_an_update_of_an_event():
    event = record_event(actor=CLERK, action="test.write", object_type="test.thing")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def test_intact_chain_verifies():
    write_events(5)
    report = audit_chain_verify()
    assert report.ok and report.checked == AuditEvent.objects.count()


def test_tampered_row_is_detected_at_its_sequence_number():
    write_events(5)
    target = AuditEvent.objects.order_by("seq")[2]
    raw_sql_bypassing_guard(
        "UPDATE audit_auditevent SET changes = %s WHERE id = %s", ['{"n": 999}', target.pk]
    )
    report = audit_chain_verify()
    assert report.broken_seq == target.seq
    assert "被修改" in report.reason


def test_removed_row_is_detected():
    write_events(5)
    target = AuditEvent.objects.order_by("seq")[2]
    raw_sql_bypassing_guard("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    assert audit_chain_verify().broken_seq == target.seq


def test_removed_newest_row_is_detected():
    write_events(3)
    newest = AuditEvent.objects.order_by("-seq").first()
    raw_sql_bypassing_guard("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])
    assert audit_chain_verify().broken_seq == newest.seq


def test_audit_verify_command_reports_the_first_broken_link():
    write_events(3)
    call_command("audit_verify")
    target = AuditEvent.objects.order_by("seq")[1]
    raw_sql_bypassing_guard(
        "UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s", [target.pk]
    )
    with pytest.raises(CommandError, match=f"序号 {target.seq}"):
        call_command("audit_verify")


def test_prune_refuses_a_period_shorter_than_six_months():
    with pytest.raises(CommandError, match="至少保留 184 天"):
        call_command("audit_prune", days=183)


def test_prune_removes_only_old_events_and_the_chain_still_verifies():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=200)):
        write_events(3)
    write_events(2)
    removed = audit_prune(older_than_days=184)
    assert removed >= 3
    assert not AuditEvent.objects.filter(
        at__lt=timezone.now() - datetime.timedelta(days=180)
    ).exists()
    assert AuditEvent.objects.filter(action="audit.prune").exists()
    assert audit_chain_verify().ok


def test_public_fields_of_an_object_are_not_masked():
    event = record_event(
        actor=CLERK,
        action="test.write",
        object_type="test.thing",
        changes={"name": "兴县惠民购物广场有限公司", "contact_phone": "13812341234"},
        public=frozenset({"name"}),
    )
    assert event.changes == {"name": "兴县惠民购物广场有限公司", "contact_phone": "138****1234"}


def test_ipv6_source_address_survives_the_round_trip():
    with audit_address("2001:0DB8:0000:0000:0000:0000:0000:0001"):
        write_events(1)
    assert AuditEvent.objects.latest("seq").address == "2001:db8::1"
    assert audit_chain_verify().ok


def test_unparseable_source_address_is_stored_as_none():
    with audit_address("1.2.3.4:5678"):
        write_events(1)
    assert AuditEvent.objects.latest("seq").address is None
    assert audit_chain_verify().ok


def test_floats_and_nul_characters_hash_the_same_after_storage():
    record_event(
        actor=CLERK,
        action="test.write",
        object_type="test.thing",
        changes={"ratio": 1e20, "neg": -0.0, "text": "a\x00b"},
    )
    event = AuditEvent.objects.latest("seq")
    assert event.changes == {"ratio": "1e+20", "neg": "-0.0", "text": "ab"}
    assert audit_chain_verify().ok


def test_a_user_is_labelled_by_username_not_by_name(make_user):
    from fangxin.accounts.models import Role

    user = make_user("zhangsan", Role.HANDLER, full_name="张三丰")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.object_repr == "zhangsan"


def test_the_chain_head_cannot_be_moved_back():
    write_events(3)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchainhead SET seq = 1 WHERE id = 1")


def test_prune_keeps_anything_after_a_recent_event_even_if_clocks_disagree():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=300)):
        write_events(2)
    write_events(1)  # recent
    with time_machine.travel(timezone.now() - datetime.timedelta(days=250)):
        write_events(1)  # an old timestamp after a recent one (a host's clock was wrong)
    audit_prune(older_than_days=184)
    assert AuditEvent.objects.filter(action="test.write").count() == 2
    assert audit_chain_verify().ok
