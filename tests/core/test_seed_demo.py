import pytest
from django.core.management import call_command

from fangxin.accounts.models import User
from fangxin.audit.chain import audit_chain_verify
from fangxin.audit.models import AuditEvent
from fangxin.complaints.models import Case
from fangxin.core.models import Bureau, Township, Unit
from fangxin.merchants.models import Merchant

pytestmark = pytest.mark.django_db
DEMO_PASSWORD = "Demo-Passw0rd-1"


def snapshot():
    return {
        "bureaus": Bureau.objects.count(),
        "units": Unit.objects.count(),
        "townships": sorted(Township.objects.values_list("name", "unit__name")),
        "users": sorted(User.objects.values_list("username", "role", "bureau__name")),
        "merchants": sorted(Merchant.objects.values_list("name", "credit_code")),
        "events": AuditEvent.objects.count(),
        "cases": sorted(Case.objects.values_list("tracking_no", "status")),
    }


def test_seed_twice_gives_the_same_data_and_writes_nothing_new(monkeypatch):
    monkeypatch.setenv("FANGXIN_DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", quiet_accounts=True)
    first = snapshot()
    call_command("seed_demo", quiet_accounts=True)
    assert snapshot() == first
    assert audit_chain_verify().ok


def test_seed_creates_one_account_per_role_with_the_given_password(monkeypatch):
    monkeypatch.setenv("FANGXIN_DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", quiet_accounts=True)
    names = {"admin", "leader", "head", "handler", "handler2", "merchant", "consumer", "outsider"}
    users = User.objects.filter(username__in=names)
    assert users.count() == len(names)
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    assert User.objects.get(username="outsider").bureau.name == "临县市场监督管理局"


def test_seed_merchants_have_valid_credit_codes(monkeypatch):
    monkeypatch.setenv("FANGXIN_DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", quiet_accounts=True)
    for merchant in Merchant.objects.all():
        merchant.full_clean()
    assert Merchant.objects.filter(credit_code="").exists()


def test_weak_demo_password_is_refused(monkeypatch):
    monkeypatch.setenv("FANGXIN_DEMO_PASSWORD", "123")
    with pytest.raises(Exception, match="不符合密码策略"):
        call_command("seed_demo", quiet_accounts=True)
    assert not User.objects.exists()


def test_seed_loads_cases_of_every_kind_and_stage(monkeypatch):
    monkeypatch.setenv("FANGXIN_DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", quiet_accounts=True)
    statuses = set(Case.objects.values_list("kind", "status"))
    assert {
        ("complaint", "received"),
        ("complaint", "mediating"),
        ("complaint", "closed"),
        ("complaint", "triage"),
        ("complaint", "odr"),
        ("report", "verifying"),
        ("consultation", "answered"),
    } <= statuses
