"""Recording a publicity event: who may, and what is refused with a Chinese message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.campaigns.services import campaign_create
from fangxin.outreach import services
from fangxin.outreach.models import OutreachEvent
from tests.campaigns.factories import campaign
from tests.conftest import SETUP
from tests.outreach.factories import event

pytestmark = pytest.mark.django_db


def test_a_handler_records_an_event_of_their_unit_and_it_is_audited(org, personas):
    created = event(org, personas)
    assert created.kind_label == "五进·社区"
    assert created.state == "draft"
    assert AuditEvent.objects.filter(action="outreach.event_create", object_id=str(created.pk))


def test_a_negative_audience_is_refused_and_nothing_is_written(org, personas):
    with pytest.raises(ValidationError) as caught:
        event(org, personas, audience_size=-5)
    assert caught.value.message_dict == {"audience_size": ["参与群众人次不能为负数。"]}
    assert not OutreachEvent.objects.exists()


def test_a_date_outside_the_campaign_is_refused(org, personas):
    with pytest.raises(ValidationError) as caught:
        event(org, personas, held_on=datetime.date(2026, 4, 2))
    assert caught.value.message_dict == {
        "held_on": ["活动日期应在本次活动期间（2026-03-01至2026-03-31）内。"]
    }
    assert not OutreachEvent.objects.exists()


def test_a_date_in_the_future_is_refused(org, personas):
    today = timezone.localdate()
    upcoming = campaign_create(
        actor=SETUP,
        bureau=org["bureau"],
        year=today.year + 1,
        title="明年活动",
        theme="提升消费品质",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )
    with pytest.raises(ValidationError, match="活动日期不能晚于今天"):
        event(org, personas, campaign=upcoming, held_on=today + datetime.timedelta(days=1))


def test_a_five_in_event_needs_its_venue_and_other_kinds_have_none(org, personas):
    with pytest.raises(ValidationError, match="请选择场所"):
        event(org, personas, venue="")
    with pytest.raises(ValidationError, match="只有“五进”活动填写场所"):
        event(org, personas, kind="lecture", venue="school")
    assert not OutreachEvent.objects.exists()


def test_every_problem_is_reported_at_once(org, personas):
    with pytest.raises(ValidationError) as caught:
        event(org, personas, title=" ", place="", audience_size=-1, materials_count=-1)
    assert set(caught.value.message_dict) == {
        "title",
        "place",
        "audience_size",
        "materials_count",
    }


def test_a_handler_cannot_record_for_another_unit(org, personas):
    with pytest.raises(ValidationError) as caught:
        event(org, personas, unit=org["unit2"])
    assert caught.value.message_dict == {"unit": ["只能登记本人所在单位的宣传活动。"]}


def test_a_leader_records_for_any_unit_of_the_bureau_but_not_another_bureau(org, personas):
    assert event(org, personas, actor=personas["leader"], unit=org["unit2"]).unit == org["unit2"]
    with pytest.raises(ValidationError, match="承办单位应为本局的单位"):
        event(org, personas, actor=personas["leader"], unit=org["other_unit"])


def test_staff_of_another_bureau_cannot_record_for_this_campaign(org, personas):
    with pytest.raises(ValidationError, match="只能登记本局活动"):
        event(org, personas, actor=personas["outsider"], unit=org["other_unit"])
    assert not OutreachEvent.objects.exists()


def test_a_task_of_another_campaign_is_refused(org, personas):
    from fangxin.campaigns.services import task_create

    other = task_create(
        actor=personas["leader"],
        campaign=campaign(org, year=2025),
        code="T01",
        title="五进宣传",
        units=[org["unit"]],
    )
    with pytest.raises(ValidationError, match="所选任务不属于本次活动"):
        event(org, personas, task=other)


def test_an_edit_changes_the_fields_and_is_audited(org, personas):
    created = event(org, personas)
    services.event_update(
        actor=personas["handler"],
        event=created,
        kind="five_in",
        venue="school",
        title="消费维权进校园",
        held_on=created.held_on,
        place="兴县第一中学",
        unit=org["unit"],
        audience_size=400,
    )
    created.refresh_from_db()
    assert (created.venue, created.audience_size, created.materials_count) == ("school", 400, 0)
    update = AuditEvent.objects.get(action="outreach.event_update")
    assert update.changes["venue"] == ["community", "school"]


def test_a_published_event_is_withdrawn_before_it_is_edited(org, personas):
    created = event(org, personas)
    services.event_publish(actor=personas["head"], event=created)
    with pytest.raises(ValidationError, match="先撤回发布再修改"):
        services.event_update(
            actor=personas["handler"],
            event=created,
            kind="lecture",
            title="x",
            held_on=created.held_on,
            place="y",
            unit=org["unit"],
        )


def test_a_handler_cannot_publish_an_event(org, personas):
    created = event(org, personas)
    with pytest.raises(ValidationError, match="单位负责人或局领导"):
        services.event_publish(actor=personas["handler"], event=created)
    created.refresh_from_db()
    assert created.state == "draft"


def test_publishing_an_event_whose_summary_has_a_phone_number_is_refused(org, personas):
    created = event(org, personas, summary="活动联系人手机13912345678，欢迎咨询。")
    with pytest.raises(ValidationError) as caught:
        services.event_publish(actor=personas["head"], event=created)
    [message] = caught.value.message_dict["state"]
    assert "活动简介中的手机号“139****5678”" in message
    assert "13912345678" not in message
    created.refresh_from_db()
    assert created.state == "draft"
