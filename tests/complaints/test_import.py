import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fangxin.audit.models import AuditEvent
from fangxin.complaints.models import Case, ImportBatch

HEADER = [
    "登记编号",
    "类型",
    "登记时间",
    "投诉人姓名",
    "联系电话",
    "被投诉人名称",
    "被投诉人地址",
    "消费日期",
    "涉及金额",
    "诉求",
    "投诉内容",
]


def row(n, **overrides):
    values = {
        "登记编号": f"1231500000{n:04d}",
        "类型": "投诉",
        "登记时间": "2026-11-02 09:30",
        "投诉人姓名": "张三",
        "联系电话": "13900001111",
        "被投诉人名称": "兴县蔚汾家电城",
        "被投诉人地址": "兴县蔚汾镇南关路6号",
        "消费日期": "2026-10-20",
        "涉及金额": "3999",
        "诉求": "更换冰箱",
        "投诉内容": "冰箱购买一周后不制冷",
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    return ("\n".join(lines)).encode(encoding)


def upload(client, content, name="12315导出.xlsx"):
    response = client.post("/staff/cases/import/", {"file": SimpleUploadedFile(name, content)})
    return ImportBatch.objects.get(token=response.url.rstrip("/").split("/")[-1])


def mapping_post(batch, **extra):
    data = {"mode": "all", "action": "check"}
    data.update({f"col_{k}": v for k, v in batch.mapping.items()})
    data.update(extra)
    return data


@pytest.fixture
def coordinator(client, personas):
    client.force_login(personas["leader"])
    return client


def test_columns_are_mapped_from_the_usual_headings(coordinator):
    batch = upload(coordinator, xlsx([row(1)]))
    assert batch.mapping["external_id"] == "登记编号"
    assert batch.mapping["facts"] == "投诉内容"
    page = coordinator.get(f"/staff/cases/import/{batch.token}/").content.decode()
    assert "列对应关系" in page and "兴县蔚汾家电城" in page


def test_dry_run_reports_row_by_row_and_writes_nothing(coordinator):
    batch = upload(coordinator, xlsx([row(1), row(2, 联系电话="123"), row(3, 消费日期="昨天")]))
    body = coordinator.post(
        f"/staff/cases/import/{batch.token}/", mapping_post(batch)
    ).content.decode()
    assert "可导入 <strong>1</strong> 行" in body
    assert "手机号码应为11位数字" in body and "消费日期格式无法识别" in body
    assert not Case.objects.exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(coordinator):
    batch = upload(coordinator, xlsx([row(1), row(2, 联系电话="123")]))
    response = coordinator.post(
        f"/staff/cases/import/{batch.token}/", mapping_post(batch, action="import")
    )
    assert response.status_code == 400
    assert "未导入任何数据" in response.content.decode()
    assert not Case.objects.exists()


def test_skip_mode_imports_the_good_rows_and_reports_the_rest(coordinator, org):
    batch = upload(coordinator, xlsx([row(1), row(2), row(3, 联系电话="123")]))
    coordinator.post(
        f"/staff/cases/import/{batch.token}/", mapping_post(batch, action="import", mode="skip")
    )
    batch.refresh_from_db()
    assert (batch.imported, batch.skipped, batch.state) == (2, 1, "imported")
    case = Case.objects.get(external_id="12315000000001")
    assert case.channel == "12315" and case.unit == org["unit"]
    assert case.deadlines.get().key == "complaint.acceptance"
    assert AuditEvent.objects.filter(action="case.import").exists()


def test_re_import_of_the_same_file_creates_no_duplicates(coordinator):
    content = xlsx([row(1), row(2)])
    batch = upload(coordinator, content)
    coordinator.post(f"/staff/cases/import/{batch.token}/", mapping_post(batch, action="import"))
    again = upload(coordinator, content)
    body = coordinator.post(
        f"/staff/cases/import/{again.token}/", mapping_post(again)
    ).content.decode()
    assert "已导入过，跳过" in body
    coordinator.post(
        f"/staff/cases/import/{again.token}/", mapping_post(again, action="import", mode="skip")
    )
    assert Case.objects.count() == 2
    again.refresh_from_db()
    assert again.imported == 0 and again.skipped == 2


def test_gb18030_csv_is_read(coordinator):
    batch = upload(coordinator, csv_bytes([row(1)], encoding="gb18030"), name="export.csv")
    coordinator.post(f"/staff/cases/import/{batch.token}/", mapping_post(batch, action="import"))
    assert Case.objects.get().respondent_name == "兴县蔚汾家电城"


def test_a_file_that_is_not_a_table_is_refused(coordinator):
    response = coordinator.post(
        "/staff/cases/import/", {"file": SimpleUploadedFile("x.xlsx", b"\x00\x01 binary junk")}
    )
    assert response.status_code == 400
    assert "无法识别文件格式" in response.content.decode()


def test_missing_required_column_is_named(coordinator):
    batch = upload(coordinator, xlsx([row(1)]))
    body = coordinator.post(
        f"/staff/cases/import/{batch.token}/", mapping_post(batch, col_facts="")
    ).content.decode()
    assert "事实与理由" in body and "请为以下字段选择对应的列" in body


def test_numbers_of_imported_cases_continue_the_bureau_sequence(coordinator, filing):
    first = coordinator.post("/api/v1/complaints", filing(), content_type="application/json")
    batch = upload(coordinator, xlsx([row(1)]))
    coordinator.post(f"/staff/cases/import/{batch.token}/", mapping_post(batch, action="import"))
    imported = Case.objects.get(external_id="12315000000001")
    assert imported.tracking_no != first.json()["tracking_no"]


def test_handlers_cannot_import(client, personas):
    client.force_login(personas["handler"])
    assert client.get("/staff/cases/import/").status_code == 403


def test_chinese_slashed_and_excel_number_dates_are_read(coordinator):
    rows = [
        row(1, 消费日期="2026/3/2", 登记时间="2026/3/5 9:30"),
        row(2, 消费日期="2026年3月2日"),
        row(3),
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    sheet.cell(row=4, column=8, value=46083)  # Excel's day number for 2026-03-02
    buffer = io.BytesIO()
    book.save(buffer)
    batch = upload(coordinator, buffer.getvalue())
    coordinator.post(f"/staff/cases/import/{batch.token}/", mapping_post(batch, action="import"))
    dates = set(Case.objects.values_list("occurred_on", flat=True))
    assert {str(d) for d in dates} == {"2026-03-02"}


def test_a_csv_with_a_broken_cell_is_refused_cleanly(coordinator):
    content = ('登记编号,投诉内容\n1,"' + "x" * 200_000 + '"\n').encode()
    response = coordinator.post(
        "/staff/cases/import/", {"file": SimpleUploadedFile("bad.csv", content)}
    )
    assert response.status_code == 400
    assert "CSV文件格式有误" in response.content.decode()
