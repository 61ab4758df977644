import datetime

import pytest
from django.utils import timezone

from fangxin.merchants.models import MerchantAccount
from fangxin.pledges import breaches
from fangxin.pledges.models import Pledge
from fangxin.pledges.services import pledge_review
from tests.browser.conftest import shoot
from tests.browser.test_journeys import sign_in
from tests.conftest import PASSWORD
from tests.pledges.factories import deadline_passed, reviewer, shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merchant_signs_and_a_consumer_checks_the_certificate_until_it_is_revoked(
    page, phone, live_server, org, personas
):
    merchant = shop(org)
    MerchantAccount.objects.create(user=personas["merchant"], merchant=merchant)
    sign_in(page, live_server.url, "merchant", PASSWORD)
    page.goto(f"{live_server.url}/merchant/pledges/new/")
    page.get_by_label("承诺类型").select_option("seven_day_return")
    page.get_by_label("承诺范围").fill("本店销售的家用电器")
    page.get_by_label("不适用商品（负面清单）").fill("定制商品\n已激活的电子产品")
    page.get_by_label("签署人").fill("王店长")
    page.get_by_label("我已阅读并自愿作出上述承诺，接受社会监督").check()
    shoot(page, "pledge-sign")
    page.get_by_role("button", name="签署并提交").click()
    assert "待审核" in page.locator("#pledge-status").inner_text()

    pledge = pledge_review(
        actor=reviewer(org), pledge=Pledge.objects.get(merchant=merchant), approve=True
    )
    phone.goto(f"{live_server.url}/pledges/c/{pledge.token}/")
    assert "承诺有效" in phone.locator("#pledge-state").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(phone, "pledge-certificate-valid")

    breach = breaches.breach_open(actor=personas["head"], pledge=pledge, reason="拒绝退货")
    breaches.breach_talk(
        actor=personas["head"],
        breach=breach,
        talk_at=timezone.now() - datetime.timedelta(hours=2),
        note="约谈后仍拒不整改",
        due=timezone.localdate() + datetime.timedelta(days=5),
    )
    deadline_passed(breach)  # the merchant let the correction deadline pass
    page.context.clear_cookies()  # the unit head signs in on the same computer
    sign_in(page, live_server.url, "head", PASSWORD)
    page.goto(f"{live_server.url}/staff/pledges/{pledge.pk}/")
    revoke = page.locator("#breach-revoke")
    revoke.get_by_label("撤销公告（将在承诺证书页面公开）").fill(
        "该店拒不履行无理由退货承诺，予以撤销。"
    )
    revoke.get_by_role("button", name="撤销承诺并公告").click()
    assert "已撤销" in page.locator("#pledge-status").inner_text()

    phone.reload()
    assert "承诺已撤销" in phone.locator("#pledge-state").inner_text()
    assert "予以撤销" in phone.locator("#revocation").inner_text()
    shoot(phone, "pledge-certificate-revoked")

    # The revocation is on the merchant's public credit record too.
    phone.goto(f"{live_server.url}/merchants/{merchant.pk}/")
    assert "撤销承诺" in phone.locator("#credit").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(phone, "merchant-public-credit")


def test_a_unit_head_certifies_a_candidate_and_a_consumer_finds_it_on_a_phone(
    page, phone, live_server, org, personas
):
    from fangxin.trusted import services

    merchant = shop(org)
    record = services.candidate_add(actor=personas["head"], merchant=merchant)
    sign_in(page, live_server.url, "head", PASSWORD)
    page.goto(f"{live_server.url}/staff/trusted/{record.pk}/")
    evaluate = page.locator("#step-evaluate")
    for label, score in (("安全", 18), ("质量", 17), ("价格", 18), ("服务", 16), ("维权", 17)):
        evaluate.get_by_label(f"{label}放心得分（0–20）").fill(str(score))
        evaluate.get_by_label(f"{label}放心佐证").fill("现场检查，台账齐全")
    evaluate.get_by_role("button", name="录入评价").click()
    assert "总分 86 · 达标" in page.locator(".evaluation").first.inner_text()
    page.locator("#step-recommend").get_by_role("button", name="推荐上报").click()
    certify = page.locator("#step-certify")
    certify.get_by_label("认定级别").select_option("county")
    certify.get_by_label("认定日期").fill(timezone.localdate().isoformat())
    certify.get_by_label("认定文号").fill("兴市监发〔2026〕30号")
    shoot(page, "trusted-certify")
    certify.get_by_role("button", name="登记认定结果").click()
    assert "已认定" in page.locator("#record-status").inner_text()

    phone.goto(f"{live_server.url}/trusted/")
    assert merchant.name in phone.locator("#trusted-units").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(phone, "trusted-directory")
