"""Complaints taken on site, linked to the event by tracking number: only a window or station
case of the same bureau, received that day, that the staff member may see."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fangxin.audit.models import AuditEvent
from fangxin.outreach import services
from fangxin.outreach.models import OutreachCase
from tests.outreach.factories import event, onsite_case, station

pytestmark = pytest.mark.django_db


def _link(personas, created, case, actor="handler"):
    return services.event_case_link(
        actor=personas[actor], event=created, tracking_no=case.tracking_no
    )


def test_a_complaint_taken_at_the_window_that_day_is_linked_and_audited(org, personas):
    created = event(org, personas)
    case = onsite_case(personas["handler"])
    link = _link(personas, created, case)
    assert link.case == case
    assert created.case_links.count() == 1
    assert AuditEvent.objects.filter(action="outreach.case_link").exists()


def test_a_complaint_taken_at_a_service_station_is_linked(org, personas):
    created = event(org, personas)
    desk = station(org, personas["bureau_admin"])
    case = onsite_case(personas["handler"], channel="station", station_id=desk.pk)
    assert _link(personas, created, case).case == case


def test_a_tracking_number_is_found_whatever_its_case_and_spaces(org, personas):
    created = event(org, personas)
    case = onsite_case(personas["handler"])
    services.event_case_link(
        actor=personas["handler"], event=created, tracking_no=f"  {case.tracking_no.lower()} "
    )
    assert created.case_links.get().case == case


def test_a_complaint_filed_online_is_refused(org, personas):
    created = event(org, personas)
    case = onsite_case(personas["handler"], channel="web")
    with pytest.raises(ValidationError) as caught:
        _link(personas, created, case)
    assert caught.value.message_dict == {
        "tracking_no": ["只能关联在窗口或维权服务站现场受理的投诉举报，该案件的来源渠道为“网上”。"]
    }
    assert not OutreachCase.objects.exists()


def test_a_case_of_another_bureau_is_refused(org, personas):
    created = event(org, personas, actor=personas["leader"])
    other = onsite_case(personas["outsider"], township="城庄镇")
    assert other.bureau == org["other_bureau"]
    with pytest.raises(ValidationError, match="未找到编号为.*或您无权查看"):
        _link(personas, created, other, actor="leader")
    assert not OutreachCase.objects.exists()


def test_a_case_another_unit_handles_is_refused_to_a_handler(org, personas):
    created = event(org, personas)
    elsewhere = onsite_case(personas["handler"], township="魏家滩镇")
    assert elsewhere.unit == org["unit2"]
    with pytest.raises(ValidationError, match="或您无权查看"):
        _link(personas, created, elsewhere)


def test_a_case_received_another_day_is_refused(org, personas):
    created = event(org, personas)
    case = onsite_case(personas["handler"], day=datetime.date(2026, 3, 16))
    with pytest.raises(
        ValidationError, match="收到日期（2026-03-16）与活动日期（2026-03-15）不一致"
    ):
        _link(personas, created, case)


def test_a_consultation_is_counted_not_linked(org, personas):
    created = event(org, personas)
    case = onsite_case(personas["handler"], kind="consultation")
    with pytest.raises(ValidationError, match="现场咨询人次"):
        _link(personas, created, case)


def test_a_case_is_linked_to_one_event_only(org, personas):
    first = event(org, personas)
    second = event(org, personas, title="消费维权进商场", venue="mall")
    case = onsite_case(personas["handler"])
    _link(personas, first, case)
    with pytest.raises(ValidationError, match="该案件已关联到活动“消费维权进社区”"):
        _link(personas, second, case)
    assert OutreachCase.objects.count() == 1


def test_the_staff_event_page_shows_the_tracking_number_but_no_personal_data(org, personas, login):
    created = event(org, personas)
    case = onsite_case(personas["handler"])
    _link(personas, created, case)
    page = login(personas["handler"]).get(f"/staff/outreach/{created.pk}/").content.decode()
    assert case.tracking_no in page
    for personal in ("王小明", "13812345678", "11010519491231002X", "东关街1号"):
        assert personal not in page


def test_a_member_of_another_unit_sees_the_count_not_the_numbers(org, personas, login):
    created = event(org, personas)
    case = onsite_case(personas["handler"])
    _link(personas, created, case)
    page = login(personas["handler2"]).get(f"/staff/outreach/{created.pk}/").content.decode()
    assert case.tracking_no not in page
    assert "另有 1 件由其他单位承办" in page


def test_linking_through_the_page_shows_the_chinese_error(org, personas, login):
    created = event(org, personas)
    response = login(personas["handler"]).post(
        f"/staff/outreach/{created.pk}/cases/", {"tracking_no": "TS-NOPE"}
    )
    assert response.status_code == 400
    assert "未找到编号为“TS-NOPE”的案件" in response.content.decode()
    assert not OutreachCase.objects.exists()
