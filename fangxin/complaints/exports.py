"""Exports of the workbench list (CSV, XLSX). Personal data is masked unless the user may see
it for that case; a reporter's identity is never exported."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from fangxin.complaints.access import Viewer, case_access
from fangxin.complaints.models import Case, Kind
from fangxin.core.masking import mask_name, mask_phone
from fangxin.textintel.redact import redact_text
from fangxin.web.spreadsheets import safe_cell, xlsx_bytes

EXPORT_LIMIT = 50_000
HEADER = [
    "编号",
    "类型",
    "状态",
    "渠道",
    "收到时间",
    "承办单位",
    "乡镇/街道",
    "投诉（举报）人",
    "联系电话",
    "被投诉方",
    "统一社会信用代码",
    "诉求",
    "涉及金额（元）",
    "挽回经济损失（元）",
    "办结时间",
    "满意度",
]


def export_rows(cases: Iterable[Case], viewer: Viewer) -> Iterator[list]:
    for case in cases:
        name, phone = case.complainant_name, case.complainant_phone
        claim = case.claim
        cleared = case_access(viewer, case).can_see_identity
        if not cleared:
            # Free text can carry a phone or a name: without clearance it is redacted too.
            claim = redact_text(claim, keep=[case.respondent_name])
        if case.kind == Kind.REPORT:
            # Never in exports, whoever exports (issue: "never ... in exports").
            name, phone = "（举报人信息不导出）", ""
        elif not cleared:
            name, phone = mask_name(name), mask_phone(phone)
        if case.is_anonymous:
            name, phone = "匿名", ""
        yield [
            safe_cell(v)
            for v in (
                case.tracking_no,
                case.get_kind_display(),
                case.get_status_display(),
                case.get_channel_display(),
                timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
                case.unit.name if case.unit_id else "待分派",
                case.township.name if case.township_id else "",
                name,
                phone,
                case.respondent_name,
                case.respondent_credit_code,
                claim,
                case.amount,
                case.recovered_amount,
                timezone.localtime(case.closed_at).strftime("%Y-%m-%d %H:%M")
                if case.closed_at
                else "",
                case.satisfaction,
            )
        ]


def export_csv(cases, viewer) -> Iterator[str]:
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for row in export_rows(cases, viewer):
        yield writer.writerow(["" if v is None else v for v in row])


def export_xlsx(cases, viewer) -> bytes:
    return xlsx_bytes([("案件", HEADER, export_rows(cases, viewer))])
