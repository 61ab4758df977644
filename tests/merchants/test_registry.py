"""The bureau's merchant registry through its pages: validation, duplicates, audit, accounts."""

import pytest

from fangxin.accounts.models import User
from fangxin.audit.models import AuditEvent
from fangxin.merchants.models import Merchant, MerchantAccount
from tests.pledges.factories import CREDIT_CODE, shop

pytestmark = pytest.mark.django_db

FORM = {
    "name": "兴县好又多超市",
    "credit_code": CREDIT_CODE,
    "kind": "enterprise",
    "status": "active",
    "legal_representative": "张志强",
    "address": "兴县蔚汾镇北街1号",
    "sectors": ["食品", "其他"],
    "contact_person": "刘会计",
    "contact_phone": "13712345678",
}


def test_staff_register_a_merchant_with_sectors(org, personas, login):
    response = login(personas["handler"]).post("/staff/merchants/new/", FORM)
    assert response.status_code == 302
    merchant = Merchant.objects.get(credit_code=CREDIT_CODE)
    assert sorted(merchant.sectors.values_list("sector", flat=True)) == ["其他", "食品"]


def test_a_wrong_credit_code_is_refused_and_nothing_is_written(org, personas, login):
    response = login(personas["handler"]).post(
        "/staff/merchants/new/", {**FORM, "credit_code": "91110108551385082A"}
    )
    assert response.status_code == 400
    assert "校验位" in response.content.decode()
    assert not Merchant.objects.exists()


def test_the_same_credit_code_twice_is_refused(org, personas, login):
    shop(org, credit_code=CREDIT_CODE)
    response = login(personas["handler"]).post("/staff/merchants/new/", FORM)
    assert response.status_code == 400
    assert "已登记" in response.content.decode()
    assert Merchant.objects.count() == 1


def test_an_overlong_name_is_refused(org, personas, login):
    response = login(personas["handler"]).post(
        "/staff/merchants/new/", {**FORM, "name": "店" * 201}
    )
    assert response.status_code == 400
    assert not Merchant.objects.exists()


def test_an_edit_is_audited_with_the_persons_name_masked(org, personas, login):
    merchant = shop(org)
    form = {**FORM, "credit_code": "", "legal_representative": "赵大海"}
    response = login(personas["handler"]).post(f"/staff/merchants/{merchant.pk}/edit/", form)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="merchant.update").latest("seq")
    assert "赵大海" not in str(event.changes) and "赵*" in str(event.changes)


def test_opening_an_account_shows_the_password_once_and_forces_a_change(org, personas, login):
    merchant = shop(org)
    client = login(personas["handler"])
    response = client.post(f"/staff/merchants/{merchant.pk}/accounts/", {"username": "haoyouduo"})
    body = response.content.decode()
    user = User.objects.get(username="haoyouduo")
    assert user.role == "merchant" and user.must_change_password
    assert MerchantAccount.objects.get(user=user).merchant == merchant
    assert "临时密码" in body
    assert "临时密码" not in client.get(f"/staff/merchants/{merchant.pk}/").content.decode()


def test_the_public_lookup_finds_a_merchant_by_its_credit_code(org, client):
    merchant = shop(org, credit_code=CREDIT_CODE)
    body = client.get(f"/merchants/?q={CREDIT_CODE.lower()}").content.decode()
    assert merchant.name in body
