"""Bulk import of a national 12315 platform export (Excel or CSV).

Three steps, each visible to the user: the columns are mapped (guessed from the usual 12315
headings, editable); a dry run checks every row with the intake rules and reports row by row;
the import then writes either all rows or nothing, or the good rows and a list of those skipped.
A row whose 12315 number is already in the bureau is reported and never imported twice.

The import is a bulk path (one transaction, numbers allocated in blocks, rows written with
bulk_create, one audit event for the batch) so that 100,000 rows take a minute, not an hour.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.complaints.deadlines import local_date
from fangxin.complaints.intake import Filing, Person, Respondent, filing_validate
from fangxin.complaints.models import Case, CaseDeadline, CaseEvent, ImportBatch
from fangxin.complaints.numbers import tracking_numbers_block
from fangxin.complaints.search import search_text_for
from fangxin.complaints.workflow import Status
from fangxin.core import refcache, tables
from fangxin.core.calendar import deadline_for, rule_set_in_force
from fangxin.core.models import Township
from fangxin.core.tables import TableError
from fangxin.core.validators import normalize_credit_code, normalize_mobile
from fangxin.intel.suggest import suggestions_apply, suggestions_save
from fangxin.merchants.models import Merchant

BATCH = 2000

# Our field, its label, and the headings 12315 exports (and bureaus' own sheets) use for it.
FIELDS = [
    ("external_id", "12315登记编号", ("登记编号", "工单编号", "投诉编号", "编号", "单号")),
    ("kind", "类型（投诉/举报/咨询）", ("类型", "诉求类型", "登记类型", "业务类型")),
    (
        "received_at",
        "登记（收到）时间",
        ("登记时间", "接收时间", "收到时间", "受理时间", "投诉时间"),
    ),
    ("complainant_name", "投诉人姓名", ("投诉人姓名", "投诉人", "举报人", "消费者姓名", "姓名")),
    ("complainant_phone", "联系电话", ("联系电话", "手机号码", "投诉人电话", "电话")),
    ("complainant_address", "投诉人地址", ("投诉人地址", "联系地址", "消费者地址")),
    (
        "respondent_name",
        "被投诉人名称",
        ("被投诉人名称", "被投诉人", "被投诉单位", "被举报人", "经营者名称"),
    ),
    (
        "respondent_credit_code",
        "统一社会信用代码",
        ("统一社会信用代码", "信用代码", "社会信用代码"),
    ),
    ("respondent_address", "被投诉人地址", ("被投诉人地址", "经营地址", "被投诉单位地址", "地址")),
    ("respondent_township", "乡镇/街道", ("乡镇", "乡镇街道", "所属乡镇", "街道")),
    ("occurred_on", "消费（发生）日期", ("消费日期", "发生日期", "购买日期", "事发日期")),
    ("amount", "涉及金额", ("涉及金额", "投诉金额", "争议金额", "金额")),
    ("claim", "诉求", ("诉求", "投诉请求", "请求", "投诉诉求")),
    ("facts", "事实与理由", ("投诉内容", "事实与理由", "内容", "问题描述", "诉求内容")),
]
REQUIRED = {"external_id", "respondent_name", "respondent_address", "occurred_on", "claim", "facts"}
KIND_WORDS = {
    "投诉": "complaint",
    "举报": "report",
    "咨询": "consultation",
    "complaint": "complaint",
    "report": "report",
    "consultation": "consultation",
}


def read_table(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    try:
        return tables.read_table(content)
    except TableError as exc:
        if "无法识别文件格式" in str(exc):
            raise TableError("无法识别文件格式，请上传12315平台导出的.xlsx或.csv文件。") from exc
        raise


def guess_mapping(header: list[str]) -> dict[str, str]:
    return tables.guess_mapping(header, FIELDS)


@dataclass
class RowResult:
    number: int  # the row as the user sees it in Excel (header is row 1)
    external_id: str = ""
    errors: list[str] = field(default_factory=list)
    duplicate: bool = False
    filing: Filing | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicate


_text = tables.cell_text


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
TIME_FORMATS = ("%H:%M:%S", "%H:%M")


def _excel_serial(value) -> datetime.datetime | None:
    # Excel stores dates as day numbers (46083 is 2026-03-02) when a column is not typed.
    if isinstance(value, int | float) and 20000 < value < 80000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value)
    return None


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if (serial := _excel_serial(value)) is not None:
        return serial.date()
    text = _text(value).split(" ")[0]
    if len(text) == 10 and text[4] == "-":  # the usual export: no format search needed
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a date only
        except ValueError:
            continue
    return None


def _datetime(value) -> datetime.datetime | None:
    moment = value if isinstance(value, datetime.datetime) else _excel_serial(value)
    if moment is None:
        text = _text(value)
        day_text, _, time_text = text.partition(" ")
        day = _date(day_text)
        if day is None:
            return None
        clock = datetime.time(0, 0)
        if time_text:
            for fmt in TIME_FORMATS:
                try:
                    clock = datetime.datetime.strptime(time_text.strip(), fmt).time()  # noqa: DTZ007
                    break
                except ValueError:
                    continue
            else:
                return None
        moment = datetime.datetime.combine(day, clock)
    if not datetime.date(1990, 1, 1) <= moment.date() <= datetime.date(2199, 12, 31):
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _row_filing(row: list, index: dict[str, int], result: RowResult) -> Filing:
    def cell(key):
        position = index.get(key)
        return row[position] if position is not None and position < len(row) else ""

    kind_text = _text(cell("kind")) or "投诉"
    kind = KIND_WORDS.get(kind_text, kind_text)
    received = _datetime(cell("received_at")) if cell("received_at") != "" else None
    if cell("received_at") != "" and received is None:
        result.errors.append("登记时间格式无法识别（应为 年-月-日 时:分）。")
    occurred = _date(cell("occurred_on"))
    if cell("occurred_on") != "" and occurred is None:
        result.errors.append("消费日期格式无法识别（应为 年-月-日）。")
    amount = None
    if _text(cell("amount")):
        try:
            amount = Decimal(_text(cell("amount")).replace(",", "").replace("元", ""))
        except InvalidOperation:
            result.errors.append("涉及金额不是数字。")
    person = Person(
        name=_text(cell("complainant_name")),
        phone=_text(cell("complainant_phone")),
        address=_text(cell("complainant_address")),
    )
    return Filing(
        kind=kind,
        complainant=person if (person.name or person.phone) else None,
        respondent=Respondent(
            name=_text(cell("respondent_name")),
            credit_code=_text(cell("respondent_credit_code")),
            address=_text(cell("respondent_address")),
            township=_text(cell("respondent_township")),
        ),
        occurred_on=occurred,
        amount=amount,
        claim=_text(cell("claim")),
        facts=_text(cell("facts")),
        channel="12315",
        received_at=received,
    )


def _check_row(row: list, offset: int, index: dict[str, int], seen: dict) -> RowResult:
    result = RowResult(number=offset + 2)
    filing = _row_filing(row, index, result)
    raw_id = row[index["external_id"]] if index["external_id"] < len(row) else ""
    result.external_id = _text(raw_id)
    if isinstance(raw_id, float) and abs(raw_id) >= 2**53:
        # Excel kept a long number as a float and lost its last digits.
        result.errors.append(
            "登记编号在Excel中被存为数字、末尾几位已丢失，请将该列设为文本后重新导出。"
        )
    elif not result.external_id:
        result.errors.append("缺少12315登记编号。")
    elif len(result.external_id) > 64:
        result.errors.append("12315登记编号过长。")
    elif result.external_id in seen:
        result.errors.append(f"与第{seen[result.external_id]}行的登记编号重复。")
    else:
        seen[result.external_id] = result.number
    filing_validate(filing, staff=True)
    for path, messages in filing.errors.items():
        label = dict((k, lbl) for k, lbl, _ in FIELDS).get(path.replace(".", "_"), path)
        result.errors.extend(f"{label}：{m}" for m in messages)
    result.filing = filing
    return result


def check_rows(
    *, actor, header: list[str], rows: list[list], mapping: dict[str, str]
) -> list[RowResult]:
    """The dry run: every row checked with the intake rules, duplicates found, nothing
    written."""
    missing = [label for key, label, _ in FIELDS if key in REQUIRED and not mapping.get(key)]
    if missing:
        raise ValidationError({"mapping": [f"请为以下字段选择对应的列：{'、'.join(missing)}"]})
    index = {key: header.index(column) for key, column in mapping.items() if column in header}
    results, seen = [], {}
    with refcache.pinned():  # one look at the reference stamp for the whole file
        for offset, row in enumerate(rows):
            results.append(_check_row(row, offset, index, seen))
    existing = set(
        Case.objects.filter(bureau_id=actor.bureau_id, external_id__in=list(seen)).values_list(
            "external_id", flat=True
        )
    )
    for result in results:
        result.duplicate = result.external_id in existing
    return results


class _Router:
    """Routing for many rows at once: the bureau's townships and merchants held in memory."""

    def __init__(self, bureau, credit_codes):
        self.townships = sorted(
            Township.objects.filter(bureau=bureau).select_related("unit"),
            key=lambda t: len(t.name),
            reverse=True,
        )
        self.merchants = {
            m.credit_code: m
            for m in Merchant.objects.filter(
                bureau=bureau, credit_code__in=credit_codes
            ).select_related("township__unit")
        }

    def route(self, respondent: Respondent):
        merchant = self.merchants.get(normalize_credit_code(respondent.credit_code or ""))
        township = merchant.township if merchant and merchant.township_id else None
        if township is None:
            text = f"{respondent.township} {respondent.address}"
            named = respondent.township.strip()
            township = next((t for t in self.townships if t.name == named), None) or next(
                (t for t in self.townships if t.name in text), None
            )
        active = township is not None and township.unit_id and township.unit.is_active
        unit = township.unit if active else None
        return merchant, township, unit


def import_rows(
    *, actor, batch: ImportBatch, results: list[RowResult], all_or_nothing: bool
) -> tuple[int, int]:
    """Write the good rows (all rows, or none if any is bad, when `all_or_nothing`)."""
    bad = [r for r in results if r.errors]
    if all_or_nothing and bad:
        message = f"有{len(bad)}行不符合要求，按“全部或全不”方式未导入任何数据。"
        raise ValidationError({"rows": [message]})
    good = [r for r in results if r.ok]
    bureau = actor.bureau
    router = _Router(
        bureau,
        {
            normalize_credit_code(r.filing.respondent.credit_code)
            for r in good
            if r.filing.respondent.credit_code
        },
    )
    now = timezone.now()
    rule_sets, deadlines = {}, {}
    with transaction.atomic():
        # Two clicks on 导入 (or two tabs): the second finds the batch imported and stops.
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == ImportBatch.State.IMPORTED:
            raise ValidationError({"rows": ["该文件已导入，不能重复导入。"]})
        numbers = {}
        by_block = {}
        for r in good:
            received = r.filing.received_at or now
            by_block.setdefault((r.filing.kind, local_date(received).year), []).append(r)
        for (kind, year), rows in by_block.items():
            for r, number in zip(
                rows,
                tracking_numbers_block(bureau=bureau, kind=kind, year=year, count=len(rows)),
                strict=True,
            ):
                numbers[r.number] = number
        for start in range(0, len(good), BATCH):
            chunk = good[start : start + BATCH]
            cases = [
                _case(actor, bureau, r, numbers[r.number], router, rule_sets, now) for r in chunk
            ]
            suggestions = suggestions_apply(cases)
            Case.objects.bulk_create(cases)
            suggestions_save(suggestions)
            clocks, events = [], []
            for case in cases:
                clocks.extend(_clocks(case, deadlines))
                events.append(
                    CaseEvent(
                        case=case,
                        at=now,
                        actor=actor,
                        actor_label=actor.get_username(),
                        action="file",
                        to_status=case.status,
                        note=f"12315导入（批次 {batch.token[:8]}，登记编号 {case.external_id}）",
                        public_text=(
                            f"已收到您的{case.get_kind_display()}，编号 {case.tracking_no}。"
                        ),
                    )
                )
            CaseDeadline.objects.bulk_create(clocks)
            CaseEvent.objects.bulk_create(events)
        skipped = len(results) - len(good)
        batch.state, batch.imported, batch.skipped = ImportBatch.State.IMPORTED, len(good), skipped
        batch.save(update_fields=["state", "imported", "skipped"])
        record_event(
            actor=actor,
            action="case.import",
            obj=batch,
            object_repr=batch.filename,
            changes={
                "imported": len(good),
                "skipped": skipped,
                "numbers": [min(numbers.values(), default=""), max(numbers.values(), default="")],
            },
        )
    return len(good), skipped


def _case(actor, bureau, r: RowResult, number: str, router, rule_sets, now) -> Case:
    f, p = r.filing, r.filing.complainant or Person()
    received = f.received_at or now
    day = local_date(received)
    if day not in rule_sets:
        rule_sets[day] = rule_set_in_force(day)
    merchant, township, unit = router.route(f.respondent)
    return Case(
        bureau=bureau,
        tracking_no=number,
        external_id=r.external_id,
        kind=f.kind,
        channel="12315",
        received_at=received,
        rule_set=rule_sets[day],
        unit=unit,
        township=township,
        status=Status.RECEIVED if unit else Status.TRIAGE,
        is_anonymous=f.kind == "report" and not (p.name or p.phone),
        complainant_name=p.name,
        complainant_phone=normalize_mobile(p.phone)
        if p.phone and p.phone.strip().startswith("1")
        else p.phone,
        complainant_address=p.address,
        merchant=merchant,
        respondent_name=f.respondent.name,
        respondent_credit_code=normalize_credit_code(f.respondent.credit_code or ""),
        respondent_address=f.respondent.address,
        occurred_on=f.occurred_on,
        amount=f.amount,
        claim=f.claim,
        facts=f.facts,
        created_by=actor,
        created_at=now,
        updated_at=now,
        search_text=search_text_for(f.respondent.name, f.claim, f.facts),
    )


def _clocks(case: Case, cache) -> list[CaseDeadline]:
    key = {"complaint": "complaint.acceptance", "report": "report.verification"}.get(case.kind)
    if key is None:
        return []
    start = local_date(case.received_at)
    cache_key = (key, start, case.rule_set_id)
    if cache_key not in cache:
        cache[cache_key] = deadline_for(key, start, rule_set=case.rule_set)
    d = cache[cache_key]
    return [
        CaseDeadline(
            case=case,
            key=key,
            label=d.label,
            starts_on=start,
            due_on=d.due,
            provisional=d.provisional,
            citation=d.citation,
            rule_set_name=d.rule_set,
            verified=d.verified,
        )
    ]


def batch_create(*, actor, content: bytes, filename: str) -> ImportBatch:
    from django.core.files.base import ContentFile

    header, _ = read_table(content, filename)  # refuse what is not a table at once
    batch = ImportBatch(
        bureau=actor.bureau,
        token=secrets.token_hex(16),
        filename=filename[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
        mapping=guess_mapping(header),
    )
    with transaction.atomic():
        batch.file.save(f"{batch.token}.dat", ContentFile(content), save=False)
        batch.save()
        record_event(
            actor=actor,
            action="case.import_upload",
            obj=batch,
            object_repr=batch.filename,
            changes={"sha256": batch.sha256},
        )
    return batch
