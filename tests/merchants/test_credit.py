"""Credit publicity: entries with their publication period from the rule in force, the public
list (and only what is inside its period), corrections by an administrator with a reason, and
the automatic entry when a pledge is revoked."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.merchants import credit
from fangxin.merchants.models import CreditCorrection, CreditEntry, CreditKind
from fangxin.pledges import breaches
from tests.pledges.factories import approved_pledge, deadline_passed, shop

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


def penalty(org, actor, merchant=None, **kwargs):
    values = {
        "merchant": merchant or shop(org),
        "kind": CreditKind.PENALTY,
        "title": "销售不合格电器",
        "content": "没收违法所得，罚款人民币二万元。",
        "decided_on": TODAY - datetime.timedelta(days=3),
        "authority": "兴县市场监督管理局",
        "document_number": "兴市监处罚〔2026〕12号",
        "published_on": TODAY,
    }
    values.update(kwargs)
    return credit.credit_entry_create(actor=actor, **values)


def test_a_penalty_is_public_for_three_years(org, personas):
    entry = penalty(org, personas["handler"])
    assert entry.public_until == datetime.date(2029, 11, 20)
    assert "第十三条" in entry.rule.citation


def test_a_minor_penalty_is_public_for_three_months(org, personas):
    entry = penalty(org, personas["handler"], kind=CreditKind.PENALTY_MINOR)
    assert entry.public_until == datetime.date(2027, 2, 20)


def test_a_warning_is_recorded_but_not_published(org, personas, client):
    entry = penalty(org, personas["handler"], kind=CreditKind.WARNING, document_number="")
    assert entry.public_until is None
    assert entry.public_state(TODAY) == "不予公示"
    assert "销售不合格电器" not in client.get("/merchants/credit/").content.decode()


def test_a_penalty_without_document_number_is_refused_and_nothing_is_written(org, personas):
    with pytest.raises(ValidationError) as caught:
        penalty(org, personas["handler"], document_number="")
    assert "决定书文号" in str(caught.value.message_dict["document_number"])
    assert not CreditEntry.objects.exists()


def test_an_overlong_title_is_refused_in_chinese(org, personas):
    with pytest.raises(ValidationError, match="不能超过200个字"):
        penalty(org, personas["handler"], title="违" * 201)


def test_a_decision_dated_tomorrow_is_refused(org, personas):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        penalty(org, personas["handler"], decided_on=tomorrow, published_on=tomorrow)


def test_the_public_list_shows_an_entry_inside_its_period(org, personas, client):
    entry = penalty(org, personas["handler"], published_on=timezone.localdate())
    body = client.get("/merchants/credit/").content.decode()
    assert entry.merchant.name in body and "兴市监处罚〔2026〕12号" in body


def test_an_entry_leaves_the_public_list_when_its_period_ends_but_is_kept(org, personas, client):
    entry = penalty(org, personas["handler"], kind=CreditKind.PENALTY_MINOR)
    with time_machine.travel(datetime.datetime(2027, 2, 21, 9, tzinfo=datetime.UTC)):
        assert "兴市监处罚〔2026〕12号" not in client.get("/merchants/credit/").content.decode()
        assert entry.public_state(timezone.localdate()) == "公示期满"
    assert CreditEntry.objects.filter(pk=entry.pk).exists()


def test_the_merchant_page_shows_its_public_credit_entries(org, personas, client):
    entry = penalty(org, personas["handler"], published_on=timezone.localdate())
    body = client.get(f"/merchants/{entry.merchant_id}/").content.decode()
    assert "销售不合格电器" in body


def test_personal_data_in_an_entry_never_reaches_the_public(org, personas, client):
    content = "当事人经营者李建国（身份证号142301198001011234，电话13912345678）销售不合格电器。"
    entry = penalty(org, personas["handler"], content=content, published_on=timezone.localdate())
    for url in ("/merchants/credit/", f"/merchants/{entry.merchant_id}/"):
        body = client.get(url).content.decode()
        assert entry.merchant.name in body
        for personal in ("李建国", "142301198001011234", "13912345678"):
            assert personal not in body, (url, personal)


def test_an_administrator_corrects_an_entry_with_a_reason_kept(org, personas):
    entry = penalty(org, personas["handler"])
    credit.credit_entry_correct(
        actor=personas["bureau_admin"],
        entry=entry,
        reason="文号录入错误",
        document_number="兴市监处罚〔2026〕13号",
    )
    entry.refresh_from_db()
    assert entry.document_number == "兴市监处罚〔2026〕13号"
    correction = CreditCorrection.objects.get(entry=entry)
    assert correction.changes["document_number"]["from"] == "兴市监处罚〔2026〕12号"
    assert AuditEvent.objects.filter(action="credit.correct", object_id=str(entry.pk)).exists()


def test_a_handler_cannot_correct_an_entry(org, personas):
    entry = penalty(org, personas["handler"])
    with pytest.raises(ValidationError, match="系统管理员"):
        credit.credit_entry_correct(
            actor=personas["handler"], entry=entry, reason="改", title="别的"
        )


def test_a_correction_without_a_reason_changes_nothing(org, personas):
    entry = penalty(org, personas["handler"])
    with pytest.raises(ValidationError, match="更正理由"):
        credit.credit_entry_correct(
            actor=personas["bureau_admin"], entry=entry, reason="", title="别的"
        )
    entry.refresh_from_db()
    assert entry.title == "销售不合格电器" and not CreditCorrection.objects.exists()


def test_a_withdrawn_entry_leaves_the_public_list(org, personas, client):
    entry = penalty(org, personas["handler"], published_on=timezone.localdate())
    credit.credit_entry_correct(
        actor=personas["bureau_admin"], entry=entry, reason="行政复议撤销处罚", withdraw=True
    )
    assert "兴市监处罚〔2026〕12号" not in client.get("/merchants/credit/").content.decode()
    entry.refresh_from_db()
    assert entry.public_state(timezone.localdate()) == "已撤下"


def test_revoking_a_pledge_puts_it_on_the_credit_record(org, personas):
    pledge = approved_pledge(org)
    actor = personas["head"]
    breach = breaches.breach_open(actor=actor, pledge=pledge, reason="拒绝退货")
    breach = breaches.breach_talk(
        actor=actor,
        breach=breach,
        talk_at=timezone.now() - datetime.timedelta(hours=1),
        note="约谈",
        due=timezone.localdate() + datetime.timedelta(days=5),
    )
    breach = deadline_passed(breach)
    breaches.breach_revoke(actor=actor, breach=breach, notice="拒不整改，撤销其承诺。")
    entry = CreditEntry.objects.get(merchant=pledge.merchant)
    assert entry.kind == CreditKind.PLEDGE_REVOKED and entry.pledge_id == pledge.pk
    assert entry.is_public(timezone.localdate())


def test_staff_record_a_penalty_through_the_form(org, personas, login):
    merchant = shop(org)
    client = login(personas["handler"])
    response = client.post(
        "/staff/merchants/credit/new/",
        {
            "credit_code_or_name": merchant.name,
            "kind": "penalty",
            "title": "虚假宣传",
            "content": "罚款一万元",
            "document_number": "兴市监处罚〔2026〕20号",
            "authority": "兴县市场监督管理局",
            "decided_on": str(timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert CreditEntry.objects.get().merchant == merchant


def test_the_form_refuses_an_unknown_merchant_in_chinese(org, personas, login):
    response = login(personas["handler"]).post(
        "/staff/merchants/credit/new/",
        {
            "credit_code_or_name": "不存在的商店",
            "kind": "penalty",
            "title": "虚假宣传",
            "content": "罚款",
            "document_number": "x",
            "authority": "兴县市场监督管理局",
            "decided_on": str(timezone.localdate()),
        },
    )
    assert response.status_code == 400 and "本局名录中没有该经营者" in response.content.decode()
    assert not CreditEntry.objects.exists()


def test_a_handler_posting_a_correction_is_refused(org, personas, login):
    entry = penalty(org, personas["handler"])
    response = login(personas["handler"]).post(
        f"/staff/merchants/credit/{entry.pk}/", {"title": "x", "reason": "y"}
    )
    assert response.status_code == 403
    assert not CreditCorrection.objects.exists()


def test_the_staff_list_exports_to_excel(org, personas, login):
    penalty(org, personas["handler"])
    response = login(personas["handler"]).get("/staff/merchants/credit/?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_an_outsider_cannot_open_an_entry(org, personas, login):
    entry = penalty(org, personas["handler"])
    assert (
        login(personas["outsider"]).get(f"/staff/merchants/credit/{entry.pk}/").status_code == 404
    )
