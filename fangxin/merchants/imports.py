"""Bulk import of merchants from Excel/CSV (a registration export, a market's tenant list):
columns guessed from the usual headings, every row checked and reported by row number, then
written all-or-nothing or skipping the bad rows. A row whose credit code, or whose name at that
address, is already registered is reported as a duplicate and never imported twice."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fangxin.audit.services import record_event
from fangxin.core.categories import SECTORS
from fangxin.core.models import Township
from fangxin.core.tables import cell_text, guess_mapping
from fangxin.core.validators import credit_code_error, mobile_error, normalize_credit_code
from fangxin.merchants.dedupe import dedupe_key_for
from fangxin.merchants.models import Merchant, MerchantSector

BATCH = 2000
FIELDS = [
    ("name", "名称", ("名称", "经营者名称", "企业名称", "字号名称", "商户名称")),
    ("credit_code", "统一社会信用代码", ("统一社会信用代码", "信用代码", "社会信用代码")),
    ("kind", "类型（企业/个体工商户）", ("类型", "市场主体类型", "主体类型")),
    ("legal_representative", "法定代表人/经营者", ("法定代表人", "经营者", "负责人")),
    ("address", "经营地址", ("经营地址", "住所", "地址", "经营场所")),
    ("township", "乡镇/街道", ("乡镇", "乡镇街道", "所属乡镇", "街道")),
    ("sectors", "行业", ("行业", "所属行业", "行业类别")),
    ("contact_person", "联系人", ("联系人",)),
    ("contact_phone", "联系电话", ("联系电话", "电话", "手机号码")),
]
REQUIRED = {"name", "address"}
LIMITS = {"name": 200, "legal_representative": 50, "address": 300, "contact_person": 50}
KINDS = {"企业": "enterprise", "个体工商户": "individual", "个体": "individual"}
SEPARATORS = ("、", "，", ",", ";", "；", "/")


@dataclass
class MerchantRow:
    number: int
    errors: list[str] = field(default_factory=list)
    duplicate: str = ""
    values: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicate


def _sectors(text: str) -> list[str]:
    for sep in SEPARATORS:
        text = text.replace(sep, " ")
    return sorted({s for s in text.split() if s})


def check_rows(*, bureau, header, rows, mapping) -> list[MerchantRow]:
    missing = [label for key, label, _ in FIELDS if key in REQUIRED and not mapping.get(key)]
    if missing:
        raise ValidationError({"mapping": [f"请为以下字段选择对应的列：{'、'.join(missing)}"]})
    index = {key: header.index(col) for key, col in mapping.items() if col in header}
    townships = {t.name: t for t in Township.objects.filter(bureau=bureau)}
    existing_codes = set(
        Merchant.objects.filter(bureau=bureau)
        .exclude(credit_code="")
        .values_list("credit_code", flat=True)
    )
    existing_keys = set(
        Merchant.objects.filter(bureau=bureau, merged_into__isnull=True).values_list(
            "dedupe_key", flat=True
        )
    )
    seen_codes, seen_keys, results = {}, {}, []
    for offset, row in enumerate(rows):
        r = MerchantRow(number=offset + 2)
        v = {
            key: cell_text(row[i]) if i < len(row) else ""
            for key, i in ((k, index.get(k, 10**9)) for k, _, _ in FIELDS)
        }
        for key, label, _ in FIELDS:
            if key in REQUIRED and not v[key]:
                r.errors.append(f"缺少{label}。")
            elif key in LIMITS and len(v[key]) > LIMITS[key]:
                r.errors.append(f"{label}不能超过{LIMITS[key]}个字。")
        code = normalize_credit_code(v["credit_code"]) if v["credit_code"] else ""
        if code and (message := credit_code_error(code)):
            r.errors.append(f"统一社会信用代码：{message}")
        kind = KINDS.get(v["kind"] or "企业")
        if kind is None:
            r.errors.append("类型应为“企业”或“个体工商户”。")
        township = townships.get(v["township"]) if v["township"] else None
        if v["township"] and township is None:
            r.errors.append(f"乡镇/街道“{v['township']}”不在本局辖区。")
        sectors = _sectors(v["sectors"])
        unknown = [s for s in sectors if s not in SECTORS]
        if unknown:
            r.errors.append(f"行业“{unknown[0]}”不在分类中。")
        phone = v["contact_phone"]
        if phone.startswith("1") and len(phone) == 11 and (message := mobile_error(phone)):
            r.errors.append(f"联系电话：{message}")
        elif len(phone) > 30:
            r.errors.append("联系电话不能超过30个字符。")
        key = dedupe_key_for(v["name"], v["address"])
        if not r.errors:
            if code and code in existing_codes:
                r.duplicate = "该统一社会信用代码已登记"
            elif key in existing_keys:
                r.duplicate = "同名经营者已在同一地址登记"
            elif code and code in seen_codes:
                r.duplicate = f"与第{seen_codes[code]}行的统一社会信用代码相同"
            elif key in seen_keys:
                r.duplicate = f"与第{seen_keys[key]}行的名称和地址相同"
        if code:
            seen_codes.setdefault(code, r.number)
        seen_keys.setdefault(key, r.number)
        r.values = {
            "name": v["name"],
            "credit_code": code,
            "kind": kind or "enterprise",
            "legal_representative": v["legal_representative"],
            "address": v["address"],
            "township": township,
            "contact_person": v["contact_person"],
            "contact_phone": phone,
            "dedupe_key": key,
            "sectors": sectors,
        }
        results.append(r)
    return results


def import_rows(*, actor, bureau, results: list[MerchantRow], all_or_nothing: bool) -> int:
    bad = [r for r in results if r.errors]
    if all_or_nothing and bad:
        raise ValidationError(
            {"rows": [f"有{len(bad)}行不符合要求，按“全部或全不”方式未导入任何数据。"]}
        )
    good = [r for r in results if r.ok]
    try:
        return _insert(actor, bureau, good, skipped=len(results) - len(good))
    except IntegrityError as exc:
        # A merchant with one of these credit codes was registered since the check.
        raise ValidationError(
            {"rows": ["检查之后有相同统一社会信用代码的经营者被登记，未导入任何数据，请重新检查。"]}
        ) from exc


def _insert(actor, bureau, good: list[MerchantRow], *, skipped: int) -> int:
    with transaction.atomic():
        for start in range(0, len(good), BATCH):
            chunk = good[start : start + BATCH]
            merchants = Merchant.objects.bulk_create(
                [
                    Merchant(
                        bureau=bureau,
                        **{k: v for k, v in r.values.items() if k != "sectors"},
                    )
                    for r in chunk
                ]
            )
            MerchantSector.objects.bulk_create(
                [
                    MerchantSector(merchant=m, sector=s)
                    for m, r in zip(merchants, chunk, strict=True)
                    for s in r.values["sectors"]
                ]
            )
        record_event(
            actor=actor,
            action="merchant.import",
            object_type="merchants.merchant",
            bureau_id=bureau.pk,
            changes={"imported": len(good), "skipped": skipped},
        )
    return len(good)


def mapping_for(header: list[str]) -> dict[str, str]:
    return guess_mapping(header, FIELDS)
