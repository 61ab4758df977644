import datetime

import pytest

from fangxin.complaints.models import Case
from tests.complaints.factories import make_case

WORKBENCH = "/staff/cases/"


def page(client, case):
    return client.get(f"/staff/cases/{case.tracking_no}/")


def step(client, case, name, data=None):
    return client.post(f"/staff/cases/{case.tracking_no}/steps/{name}/", data or {})


def test_handler_accepts_mediates_and_closes_a_complaint(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    body = page(client, case).content.decode()
    assert 'id="step-accept"' in body and 'id="step-close"' not in body
    assert step(client, case, "accept").status_code == 302
    step(client, case, "mediate")
    response = step(
        client,
        case,
        "close",
        {"outcome": "agreement", "note": "退款1800元", "recovered_amount": "1800"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and str(case.recovered_amount) == "1800.00"
    timeline = page(client, case).content.decode()
    assert "受理" in timeline and "办结" in timeline


def test_only_allowed_steps_are_offered_and_accepted(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    assert step(client, case, "close", {"outcome": "settled", "note": "x"}).status_code == 403
    assert step(client, case, "nonsense").status_code == 404


def test_step_form_errors_are_shown_in_chinese(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    response = step(client, case, "refuse", {"reason": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "请填写理由" in body and "请选择适用的法定情形" in body
    case.refresh_from_db()
    assert case.status == "received"


def test_case_page_shows_every_deadline_with_its_citation(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    step(client, case, "accept")
    body = page(client, case).content.decode()
    assert "投诉受理决定" in body and "调解（自受理之日起）" in body


def test_other_unit_and_other_bureau_cannot_open_the_case(client, personas):
    case = make_case()
    for persona in ("handler2", "outsider"):
        client.force_login(personas[persona])
        assert page(client, case).status_code == 404, persona
        assert step(client, case, "accept").status_code == 404, persona
    case.refresh_from_db()
    assert case.status == "received"


@pytest.mark.parametrize("persona", ["consumer", "merchant"])
def test_public_accounts_never_reach_the_workbench(client, personas, persona):
    case = make_case()
    client.force_login(personas[persona])
    assert client.get(WORKBENCH).status_code == 403
    assert page(client, case).status_code == 403


def test_leader_sees_but_does_not_act_on_a_unit_case(client, personas):
    case = make_case()
    client.force_login(personas["leader"])
    body = page(client, case).content.decode()
    assert case.tracking_no in body and 'id="step-accept"' not in body
    assert step(client, case, "accept").status_code == 403


def test_reporter_identity_is_hidden_from_the_leader(client, personas):
    case = make_case(kind="report")
    client.force_login(personas["leader"])
    body = page(client, case).content.decode()
    assert "王小明" not in body and "13812345678" not in body
    client.force_login(personas["handler"])
    assert "王小明" in page(client, case).content.decode()


def test_workbench_queues_and_search(client, personas):
    make_case()
    make_case(township="某乡", bureau_code="141123")
    client.force_login(personas["leader"])
    body = client.get(WORKBENCH, {"queue": "triage"}).content.decode()
    assert body.count('href="/staff/cases/141123-') == 1
    assert "没有符合条件" in client.get(WORKBENCH, {"q": "不存在的词"}).content.decode()


def test_staff_registers_a_phone_filing(client, personas, org):
    client.force_login(personas["handler"])
    response = client.post(
        "/staff/cases/new/",
        {
            "kind": "complaint",
            "complainant_name": "李四",
            "complainant_phone": "13900001111",
            "respondent_name": "兴县蔚汾家电城",
            "respondent_address": "兴县蔚汾镇南关路6号",
            "occurred_on": "2026-10-20",
            "claim": "更换冰箱",
            "facts": "冰箱不制冷",
            "channel": "phone",
            "received_at": "2026-11-20T10:15",
        },
    )
    case = Case.objects.get()
    assert response.url == f"/staff/cases/{case.tracking_no}/"
    assert case.channel == "phone" and case.created_by == personas["handler"]


def test_split_opens_the_linked_report(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    response = step(client, case, "split")
    report = Case.objects.get(kind="report")
    assert response.url == f"/staff/cases/{report.tracking_no}/"


def test_mediation_steps_are_offered_while_mediating(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    step(client, case, "accept")
    step(client, case, "mediate")
    body = page(client, case).content.decode()
    assert 'id="step-session"' in body and 'id="step-pause"' in body
    assert 'id="step-extend"' not in body  # handlers do not approve extensions
    from django.utils import timezone

    held = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = step(
        client,
        case,
        "session",
        {"held_at": held, "method": "phone", "participants": "双方", "summary": "电话调解"},
    )
    assert response.status_code == 302
    assert case.mediation_sessions.get().summary == "电话调解"
    early = step(
        client,
        case,
        "session",
        {"held_at": "2020-01-01T10:00", "method": "phone", "participants": "双方", "summary": "x"},
    )
    assert early.status_code == 400
    assert "不能早于收到投诉的时间" in early.content.decode()


def test_unit_head_is_offered_the_extension_of_a_report(client, personas):
    case = make_case(kind="report")
    client.force_login(personas["head"])
    body = page(client, case).content.decode()
    assert 'id="step-extend"' in body
    step(client, case, "extend", {"key": "report.verification", "reason": "需调取账目"})
    assert case.deadlines.get(key="report.verification").extended


def test_export_xlsx_masks_what_the_user_may_not_see(client, personas):
    import io

    from openpyxl import load_workbook

    make_case()
    make_case(kind="report")
    client.force_login(personas["handler"])
    response = client.get(WORKBENCH, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 3
    by_kind = {r[1]: r for r in rows[1:]}
    assert by_kind["投诉"][7] == "王小明"  # own unit's complainant, needed to work
    # A reporter is never exported, not even to the handling unit, not even masked.
    assert by_kind["举报"][7] == "（举报人信息不导出）" and not by_kind["举报"][8]


def test_export_csv_for_the_leader_masks_nothing_it_may_see_and_is_audited(client, personas):
    from fangxin.audit.models import AuditEvent

    make_case()
    client.force_login(personas["leader"])
    response = client.get(WORKBENCH, {"export": "csv", "kind": "complaint"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.startswith("编号,类型") and "-TS" in content
    assert AuditEvent.objects.filter(action="case.export").exists()


def test_head_assigns_several_cases_at_once(client, personas):
    cases = [make_case(), make_case()]
    other = make_case(township="魏家滩镇")
    client.force_login(personas["head"])
    assert "批量指定承办人" in client.get(WORKBENCH).content.decode()
    client.post(
        "/staff/cases/assign/",
        {
            "cases": [c.tracking_no for c in cases] + [other.tracking_no],
            "assignee": personas["handler"].pk,
        },
    )
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == personas["handler"]
    other.refresh_from_db()
    assert other.assignee is None


def test_handler_is_not_offered_bulk_assignment(client, personas):
    make_case()
    client.force_login(personas["handler"])
    assert "批量指定承办人" not in client.get(WORKBENCH).content.decode()


def test_real_name_reporter_notice_is_recorded_and_meets_its_clock(client, personas):
    case = make_case(kind="report")
    client.force_login(personas["handler"])
    step(client, case, "verify")
    step(client, case, "decide", {"open_case": "1", "note": "已立案"})
    assert 'id="step-notice"' in page(client, case).content.decode()
    response = step(
        client,
        case,
        "notice",
        {"key": "report.reporter_notice", "method": "电话", "note": "已电话告知举报人立案决定"},
    )
    assert response.status_code == 302
    assert case.deadlines.get(key="report.reporter_notice").state == "met"
    assert 'id="step-notice"' not in page(client, case).content.decode()


def test_notice_without_a_pending_clock_is_refused(client, personas):
    case = make_case()
    client.force_login(personas["handler"])
    assert (
        step(
            client, case, "notice", {"key": "report.reporter_notice", "method": "电话", "note": "x"}
        ).status_code
        == 403
    )


def test_report_evidence_and_identity_stay_with_the_handling_unit(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fangxin.complaints.intake import Filing, Person, Respondent, case_file

    photo = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    case = case_file(
        actor=None,
        evidence=[photo],
        filing=Filing(
            kind="report",
            complainant=Person(name="王小明", phone="13812345678"),
            respondent=Respondent(name="某店", address="兴县蔚汾镇"),
            occurred_on=datetime.date(2026, 11, 1),
            claim="查处",
            facts="虚假宣传",
        ),
    )
    token = case.evidence.get().token
    client.force_login(personas["leader"])
    body = page(client, case).content.decode()
    assert "王" not in body.split('id="complainant"')[1].split("</dd>")[0]
    assert client.get(f"/staff/cases/{case.tracking_no}/evidence/{token}/").status_code == 403
    client.force_login(personas["handler"])
    assert client.get(f"/staff/cases/{case.tracking_no}/evidence/{token}/").status_code == 200


def test_export_with_an_unreadable_filter_exports_nothing(client, personas):
    make_case()
    client.force_login(personas["leader"])
    response = client.get(WORKBENCH, {"status": "closed", "township": "abc", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "筛选条件有误" in response.content.decode()


def test_export_redacts_personal_data_in_the_claim_without_clearance(client, personas):
    import csv
    import io

    from fangxin.complaints.models import Case

    case = make_case(kind="report")
    Case.objects.filter(pk=case.pk).update(claim="查处该店，我是张建华，电话13912345678")
    client.force_login(personas["leader"])  # sees the whole bureau, not a reporter's identity
    response = client.get(WORKBENCH, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(body)) if r[0] == case.tracking_no)
    assert "13912345678" not in row[11] and "张建华" not in row[11] and "查处该店" in row[11]
