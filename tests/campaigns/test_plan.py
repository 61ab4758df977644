"""The campaign plan: tasks per unit, progress reports, the leader's view of who is late."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.audit.models import AuditEvent
from fangxin.campaigns import services
from fangxin.campaigns.models import TaskReport
from fangxin.campaigns.selectors import plan_overview
from tests.campaigns.factories import campaign

pytestmark = pytest.mark.django_db


def _task(org, personas, *, units=None, due_on=datetime.date(2026, 3, 10), code="T01"):
    return services.task_create(
        actor=personas["leader"],
        campaign=campaign(org),
        code=code,
        title="五进宣传",
        units=units or [org["unit"], org["unit2"]],
        kind="publicity_five_in",
        due_on=due_on,
    )


def test_a_leader_assigns_a_task_to_units_and_it_is_audited(org, personas):
    task = _task(org, personas)
    assert set(task.units.all()) == {org["unit"], org["unit2"]}
    assert AuditEvent.objects.filter(action="campaign.task_create").exists()


def test_a_handler_cannot_assign_tasks(org, personas):
    with pytest.raises(ValidationError, match="单位负责人或局领导"):
        services.task_create(
            actor=personas["handler"], campaign=campaign(org), code="T9", title="x",
            units=[org["unit"]],
        )  # fmt: skip


def test_a_unit_of_another_bureau_cannot_be_responsible(org, personas):
    with pytest.raises(ValidationError) as caught:
        _task(org, personas, units=[org["other_unit"]])
    assert caught.value.message_dict == {"units": ["责任单位应为本局的单位。"]}


def test_a_member_reports_progress_for_their_own_unit_only(org, personas):
    task = _task(org, personas)
    services.task_report_submit(
        actor=personas["handler"], task=task, unit=org["unit"], progress=60, text="已进社区两次。"
    )
    with pytest.raises(ValidationError, match="本人所在单位"):
        services.task_report_submit(
            actor=personas["handler"], task=task, unit=org["unit2"], progress=10, text="代报"
        )
    assert TaskReport.objects.count() == 1


def test_an_attachment_that_is_not_a_photo_or_pdf_is_refused(org, personas):
    task = _task(org, personas)
    with pytest.raises(ValidationError) as caught:
        services.task_report_submit(
            actor=personas["handler"],
            task=task,
            unit=org["unit"],
            progress=50,
            text="附照片",
            upload=SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 64),
        )
    assert "attachment" in caught.value.message_dict and not TaskReport.objects.exists()


def test_the_overview_shows_late_tasks_and_the_slowest_unit(org, personas):
    late = _task(org, personas, due_on=datetime.date(2026, 3, 10))
    _task(org, personas, due_on=datetime.date(2026, 3, 30), code="T02")
    services.task_report_submit(
        actor=personas["handler"], task=late, unit=org["unit"], progress=80, text="进行中"
    )
    overview = plan_overview(campaign(org), today=datetime.date(2026, 3, 20))
    row = overview["rows"][0]
    assert overview["late"] == 1 and row.late and row.progress == 0  # unit2 has not reported
    units = dict(overview["units"])
    assert units[org["unit"]] == {"tasks": 2, "open": 2, "late": 1}


def test_a_completed_task_takes_no_more_reports(org, personas):
    task = _task(org, personas)
    services.task_complete(actor=personas["leader"], task=task)
    with pytest.raises(ValidationError, match="已办结"):
        services.task_report_submit(
            actor=personas["handler"], task=task, unit=org["unit"], progress=100, text="完成"
        )


def test_a_progress_over_100_is_refused_in_chinese_over_http(org, personas, login):
    task = _task(org, personas)
    response = login(personas["handler"]).post(
        f"/staff/campaign/tasks/{task.pk}/report/",
        {"unit": org["unit"].pk, "progress": "150", "text": "超额"},
    )
    assert response.status_code == 400 and "完成进度应在0至100之间" in response.content.decode()
    assert not TaskReport.objects.exists()


def test_the_leader_sees_the_plan_page_with_the_late_count(org, personas, login):
    _task(org, personas, due_on=datetime.date(2026, 3, 2))
    body = login(personas["leader"]).get("/staff/campaign/?year=2026").content.decode()
    assert "五进宣传" in body and "逾期 <strong>1</strong> 项" in body


def test_the_outsider_cannot_open_a_task_of_this_bureau(org, personas, login):
    task = _task(org, personas)
    assert login(personas["outsider"]).get(f"/staff/campaign/tasks/{task.pk}/").status_code == 404


def test_a_photo_attachment_is_kept_and_downloaded_by_staff_only(org, personas, login):
    from pathlib import Path

    photo = (Path(__file__).parents[1] / "clauses" / "fixtures" / "no-text.png").read_bytes()
    task = _task(org, personas)
    report = services.task_report_submit(
        actor=personas["handler"],
        task=task,
        unit=org["unit"],
        progress=30,
        text="活动照片",
        upload=SimpleUploadedFile("现场.png", photo),
    )
    url = f"/staff/campaign/tasks/{task.pk}/reports/{report.pk}/attachment/"
    assert login(personas["leader"]).get(url).status_code == 200
    assert login(personas["outsider"]).get(url).status_code == 404
