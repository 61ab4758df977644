import pytest

from fangxin.audit.services import Actor
from fangxin.campaigns.services import campaign_create


@pytest.mark.django_db
def test_public_home_shows_the_newest_campaign_theme(client, org):
    import datetime

    for year, theme in ((2022, "共促消费公平"), (2026, "提升消费品质")):
        campaign_create(
            actor=Actor(label="t"),
            bureau=org["bureau"],
            year=year,
            title=f"{year}年活动",
            theme=theme,
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 3, 31),
        )
    body = client.get("/").content.decode()
    assert "提升消费品质" in body and "共促消费公平" not in body


@pytest.mark.django_db
def test_public_home_without_campaign_still_renders(client):
    assert "放心消费" in client.get("/").content.decode()


def test_staff_home_shows_unit_role_and_an_acceptance_deadline(client, personas):
    client.force_login(personas["head"])
    body = client.get("/staff/").content.decode()
    assert "股室/所负责人" in body
    assert "蔚汾市场监管所（负责人）" in body
    assert "决定是否受理" in body


def test_navigation_follows_the_role(client, personas):
    client.force_login(personas["handler"])
    handler_body = client.get("/staff/").content.decode()
    client.force_login(personas["admin"])
    admin_body = client.get("/staff/").content.decode()
    assert "审计日志" not in handler_body and "审计日志" in admin_body
    assert "节假日管理" in admin_body


def test_pages_reference_no_outside_assets(client, personas):
    client.force_login(personas["admin"])
    for url in ["/", "/accounts/login/", "/staff/", "/staff/audit/", "/api/v1/docs"]:
        body = client.get(url).content.decode()
        assert "http://" not in body.replace("http://www.w3.org", "")
        assert "https://" not in body.replace("https://swagger.io", ""), url


def test_working_days_page_answers_htmx_with_a_fragment(client, personas):
    client.force_login(personas["handler"])
    response = client.get(
        "/staff/calendar/working-days/?start=2026-09-30&days=7", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "2026年10月15日" in body and "<html" not in body


def test_working_days_page_reports_bad_input_per_field(client, personas):
    client.force_login(personas["handler"])
    body = client.get("/staff/calendar/working-days/?start=2026-02-30&days=-3").content.decode()
    assert "日期格式应为" in body and "不能为负数" in body


def test_installation_admin_edits_the_holiday_table(client, personas):
    client.force_login(personas["admin"])
    client.post(
        "/staff/calendar/holidays/2027/",
        {"form": "notice", "title": "国务院办公厅关于2027年部分节假日安排的通知"},
    )
    response = client.post(
        "/staff/calendar/holidays/2027/",
        {"form": "day", "date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    )
    assert response.status_code == 302
    import datetime

    from fangxin.core.calendar import add_working_days

    assert add_working_days(datetime.date(2026, 12, 31), 1) == (datetime.date(2027, 1, 4), False)


def test_holiday_form_rejects_a_date_outside_the_year(client, personas):
    client.force_login(personas["admin"])
    body = client.post(
        "/staff/calendar/holidays/2026/", {"form": "day", "date": "2025-01-01", "kind": "holiday"}
    ).content.decode()
    assert "日期必须在2026年内" in body


def test_admin_moves_a_township_between_units_and_it_is_audited(client, personas, org):
    from fangxin.audit.models import AuditEvent

    client.force_login(personas["bureau_admin"])
    response = client.post(
        f"/staff/calendar/units/{org['unit'].pk}/", {"townships": "蔚汾镇、奥家湾乡、魏家滩镇"}
    )
    assert response.status_code == 302
    assert set(org["unit"].townships.values_list("name", flat=True)) == {
        "蔚汾镇",
        "奥家湾乡",
        "魏家滩镇",
    }
    assert not org["unit2"].townships.exists()
    event = AuditEvent.objects.filter(action="unit.set_territory").latest("seq")
    assert event.changes["moved_from"] == {"魏家滩镇": "魏家滩市场监管所"}


def test_installation_admin_adds_a_rule_set_that_copies_the_limits(client, personas):
    from fangxin.core.models import RuleSet

    client.force_login(personas["admin"])
    latest = RuleSet.objects.order_by("-effective_from").first()
    response = client.post(
        "/staff/calendar/rule-sets/",
        {
            "code": "test-2031",
            "name": "测试规则集",
            "citation": "测试依据",
            "effective_from": "2031-01-01",
        },
    )
    assert response.status_code == 302
    rule_set = RuleSet.objects.get(code="test-2031")
    assert rule_set.verified is False
    keys = set(rule_set.limits.values_list("key", flat=True))
    assert (
        keys == set(latest.limits.values_list("key", flat=True)) and "clause.rectification" in keys
    )


def test_rule_set_with_a_taken_effective_date_is_refused(client, personas):
    client.force_login(personas["admin"])
    body = client.post(
        "/staff/calendar/rule-sets/",
        {"code": "dup", "name": "重复", "citation": "x", "effective_from": "2026-04-15"},
    ).content.decode()
    assert "施行日期" in body and "已存在" in body


def test_time_limit_correction_is_audited_and_used(client, personas):
    import datetime

    from fangxin.audit.models import AuditEvent
    from fangxin.core.calendar import deadline_for
    from fangxin.core.models import TimeLimit

    limit = TimeLimit.objects.get(rule_set__code="samr-order-121", key="complaint.acceptance")
    client.force_login(personas["admin"])
    client.post(
        f"/staff/calendar/rule-sets/limits/{limit.pk}/",
        {"days": 5, "extension_days": 0, "article": "第十五条", "note": "已核对"},
    )
    assert deadline_for("complaint.acceptance", datetime.date(2026, 6, 1)).due == (
        datetime.date(2026, 6, 8)
    )
    event = AuditEvent.objects.get(action="time_limit.update")
    assert event.changes["days"] == [7, 5]


def test_handler_can_read_but_not_change_rule_sets(client, personas):
    from fangxin.core.models import TimeLimit

    client.force_login(personas["handler"])
    assert client.get("/staff/calendar/rule-sets/").status_code == 200
    assert client.post("/staff/calendar/rule-sets/", {"code": "x"}).status_code == 403
    limit = TimeLimit.objects.first()
    assert client.get(f"/staff/calendar/rule-sets/limits/{limit.pk}/").status_code == 403


def test_reminders_show_on_the_staff_home_and_can_be_marked_read(client, personas):
    from fangxin.complaints.models import Notification

    Notification.objects.create(user=personas["handler"], text="测试提醒：期限将至")
    Notification.objects.create(user=personas["handler2"], text="别人的提醒")
    client.force_login(personas["handler"])
    body = client.get("/staff/").content.decode()
    assert "测试提醒：期限将至" in body and "别人的提醒" not in body
    client.post("/staff/notifications/read/")
    assert "测试提醒：期限将至" not in client.get("/staff/").content.decode()
    assert Notification.objects.get(text="别人的提醒").read_at is None


def test_only_the_current_section_is_highlighted(client, personas):
    client.force_login(personas["handler"])
    body = client.get("/staff/cases/").content.decode()
    assert body.count('aria-current="page"') == 1
    assert 'aria-current="page">案件' in body


def test_installation_admin_marks_a_rule_set_verified_and_it_is_audited(client, personas):
    from fangxin.audit.models import AuditEvent
    from fangxin.core.models import RuleSet

    rule_set = RuleSet.objects.get(code="samr-order-121")
    client.force_login(personas["admin"])
    client.post(f"/staff/calendar/rule-sets/{rule_set.pk}/verify/", {"verified": "1"})
    rule_set.refresh_from_db()
    assert rule_set.verified is True
    assert AuditEvent.objects.filter(action="rule_set.update").exists()
    client.force_login(personas["bureau_admin"])
    response = client.post(f"/staff/calendar/rule-sets/{rule_set.pk}/verify/", {"verified": "0"})
    assert response.status_code == 403
