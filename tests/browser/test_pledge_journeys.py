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
from tests.pledges.factories import reviewer, shop

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
