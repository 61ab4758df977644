"""Bulk import with a row report and no duplicates; probable duplicates found and merged with
every linked record moved."""

import io

import pytest
from openpyxl import Workbook

from fangxin.accounts.models import Role
from fangxin.audit.models import AuditEvent
from fangxin.complaints.models import Case
from fangxin.merchants.dedupe import dedupe_key_for, duplicate_groups, merchant_merge
from fangxin.merchants.models import Merchant
from fangxin.pledges.models import Pledge
from tests.complaints.factories import make_case
from tests.conftest import SETUP
from tests.pledges.factories import CREDIT_CODE, approved_pledge, shop

pytestmark = pytest.mark.django_db

HEADER = ["企业名称", "统一社会信用代码", "类型", "经营地址", "乡镇", "行业", "联系电话"]


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "merchants.xlsx"
    return buffer


GOOD = [
    [
        "兴县福源超市",
        CREDIT_CODE,
        "企业",
        "兴县蔚汾镇南街3号",
        "蔚汾镇",
        "食品、其他",
        "13812345678",
    ],
    ["兴县老王修鞋铺", "", "个体工商户", "兴县蔚汾镇东街5号", "蔚汾镇", "其他", ""],
]
BAD = ["兴县坏代码商店", "91110108551385082A", "企业", "兴县蔚汾镇北街1号", "不存在乡", "", ""]


def _post(client, rows, mode):
    return client.post("/staff/merchants/import/", {"file": _xlsx(rows), "mode": mode})


def test_a_dry_run_reports_bad_rows_by_number_and_writes_nothing(org, personas, login):
    response = _post(login(personas["handler"]), [*GOOD, BAD], "check")
    body = response.content.decode()
    assert response.status_code == 200
    assert "校验位" in body and "不在本局辖区" in body and "<td>4</td>" in body
    assert not Merchant.objects.exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(org, personas, login):
    response = _post(login(personas["head"]), [*GOOD, BAD], "all")
    assert response.status_code == 400 and "未导入任何数据" in response.content.decode()
    assert not Merchant.objects.exists()


def test_skip_mode_imports_the_good_rows_with_sectors(org, personas, login):
    _post(login(personas["head"]), [*GOOD, BAD], "skip")
    assert Merchant.objects.count() == 2
    fuyuan = Merchant.objects.get(credit_code=CREDIT_CODE)
    assert sorted(fuyuan.sectors.values_list("sector", flat=True)) == ["其他", "食品"]
    assert fuyuan.township.name == "蔚汾镇"
    assert AuditEvent.objects.filter(action="merchant.import").exists()


def test_importing_the_same_file_again_creates_no_duplicates(org, personas, login):
    client = login(personas["head"])
    _post(client, GOOD, "skip")
    response = _post(client, GOOD, "skip")
    assert Merchant.objects.count() == 2
    assert "已登记" in response.content.decode()


def test_a_file_that_is_not_a_table_is_refused_in_chinese(org, personas, login):
    upload = io.BytesIO(b"\x00\x01binary")
    upload.name = "x.csv"
    response = login(personas["handler"]).post(
        "/staff/merchants/import/", {"file": upload, "mode": "check"}
    )
    assert response.status_code == 400 and "无法识别文件格式" in response.content.decode()


def test_names_differing_in_spaces_and_legal_form_at_one_address_are_duplicates():
    assert dedupe_key_for("兴县 福源超市有限公司", "兴县蔚汾镇南街3号") == dedupe_key_for(
        "兴县福源超市", "兴县蔚汾镇 南街 3 号"
    )
    assert dedupe_key_for("兴县福源超市", "兴县蔚汾镇南街3号") != dedupe_key_for(
        "兴县福源超市", "兴县蔚汾镇南街5号"
    )


def test_merge_moves_pledges_and_complaints_and_keeps_the_merged_record(org, personas):
    keep = shop(org, name="兴县百货商店")
    duplicate = shop(org, name="兴县百货商店有限公司", credit_code=CREDIT_CODE)
    assert [m.pk for m in duplicate_groups(org["bureau"].pk)[0]] == [keep.pk, duplicate.pk]
    pledge = approved_pledge(org, duplicate)
    case = make_case(credit_code=CREDIT_CODE)
    moved = merchant_merge(actor=personas["handler"], keep=keep, duplicate=duplicate)
    assert moved["pledges.pledge"] == 1 and moved["complaints.case"] == 1
    assert Pledge.objects.get(pk=pledge.pk).merchant_id == keep.pk
    assert Case.objects.get(pk=case.pk).merchant_id == keep.pk
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into_id == keep.pk and keep.credit_code == CREDIT_CODE
    assert duplicate_groups(org["bureau"].pk) == []
    assert AuditEvent.objects.filter(action="merchant.merge").exists()


def test_merchants_with_different_credit_codes_are_not_merged(org):
    from django.core.exceptions import ValidationError

    keep = shop(org, credit_code=CREDIT_CODE)
    other = shop(org, credit_code="91110000600037341L")
    with pytest.raises(ValidationError, match="不是同一经营者"):
        merchant_merge(actor=SETUP, keep=keep, duplicate=other)
    other.refresh_from_db()
    assert other.merged_into_id is None


def test_the_outsider_cannot_merge_this_bureaus_merchants(org, make_user, login):
    keep, duplicate = shop(org), shop(org, name="兴县百货商店有限公司")
    outsider = make_user("lin_head", Role.UNIT_HEAD, bureau="other_bureau", unit="other_unit")
    response = login(outsider).post(
        "/staff/merchants/merge/", {"keep": keep.pk, "duplicate": duplicate.pk}
    )
    assert response.status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None


def test_a_handler_cannot_merge_records(org, personas, login):
    keep, duplicate = shop(org), shop(org, name="兴县百货商店有限公司")
    response = login(personas["handler"]).post(
        "/staff/merchants/merge/", {"keep": keep.pk, "duplicate": duplicate.pk}
    )
    assert response.status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None


def test_merge_moves_records_without_a_reverse_name_too(org, personas):
    import datetime

    from fangxin.intel.models import MassComplaint

    keep, duplicate = shop(org), shop(org, name="兴县百货商店有限公司")
    mass = MassComplaint.objects.create(
        bureau=org["bureau"],
        key=f"m:{duplicate.pk}",
        merchant=duplicate,
        respondent_name=duplicate.name,
        size=3,
        first_day=datetime.date(2026, 11, 1),
        last_day=datetime.date(2026, 11, 3),
    )
    merchant_merge(actor=personas["head"], keep=keep, duplicate=duplicate)
    mass.refresh_from_db()
    assert mass.merchant_id == keep.pk


def test_a_merged_merchants_public_address_leads_to_the_kept_record(org, personas, client):
    keep, duplicate = shop(org), shop(org, name="兴县百货商店有限公司")
    merchant_merge(actor=personas["head"], keep=keep, duplicate=duplicate)
    response = client.get(f"/merchants/{duplicate.pk}/")
    assert response.status_code == 302 and response.url == f"/merchants/{keep.pk}/"


def test_a_handler_may_check_a_file_but_not_import_it(org, personas, login):
    response = _post(login(personas["handler"]), GOOD, "skip")
    assert response.status_code == 403
    assert not Merchant.objects.exists()
