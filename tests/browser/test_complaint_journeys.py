import pytest

from fangxin.complaints.models import Case
from tests.browser.conftest import shoot
from tests.browser.test_journeys import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consumer_files_on_a_phone_and_checks_the_status(phone, live_server, org):
    phone.goto(f"{live_server.url}/complaints/new/")
    phone.get_by_label("投诉").check()
    phone.get_by_label("您的姓名").fill("王小明")
    phone.get_by_label("手机号码").fill("13812345678")
    phone.get_by_label("经营者名称").fill("兴县强身健身俱乐部")
    phone.get_by_label("经营地址").fill("兴县蔚汾镇文化街22号")
    phone.get_by_label("消费或发生日期").fill("2026-11-02")
    phone.get_by_label("您的诉求").fill("退还年卡余额2000元")
    phone.get_by_label("事实经过").fill("健身房突然停业，拒绝退款。")
    shoot(phone, "file-phone-form")
    phone.get_by_role("button", name="提交").click()
    number = phone.locator("#tracking-no").inner_text()
    assert Case.objects.filter(tracking_no=number).exists()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shoot(phone, "file-phone-done")
    phone.get_by_role("link", name="查询进度").click()
    phone.get_by_label("手机号后四位").fill("5678")
    phone.get_by_role("button", name="查询").click()
    assert phone.locator("#status-label").inner_text() == "待受理"
    shoot(phone, "status-phone")


def test_bad_input_on_the_phone_form_is_explained(phone, live_server, org):
    phone.goto(f"{live_server.url}/complaints/new/")
    phone.get_by_label("手机号码").fill("123")
    phone.get_by_role("button", name="提交").click()
    assert phone.locator("#form-errors").is_visible()
    assert phone.get_by_text("手机号码应为11位数字").is_visible()
    assert not Case.objects.exists()


def test_handler_accepts_mediates_and_closes(page, live_server, personas):
    from tests.complaints.factories import make_case

    case = make_case()
    sign_in(page, live_server.url, "handler", PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{case.tracking_no}/")
    page.locator("#step-accept").get_by_role("button", name="受理").click()
    assert page.locator("#case-status").inner_text() == "已受理"
    page.locator("#step-mediate").get_by_role("button", name="开始调解").click()
    assert page.locator("#case-status").inner_text() == "调解中"
    close = page.locator("#step-close")
    close.get_by_label("调解达成协议").check()
    close.get_by_label("挽回经济损失（元）").fill("1800")
    close.get_by_label("结果说明").fill("经调解，经营者退还1800元")
    close.get_by_role("button", name="办结").click()
    assert page.locator("#case-status").inner_text() == "已办结"
    shoot(page, "case-closed")
    case.refresh_from_db()
    assert case.outcome == "agreement" and str(case.recovered_amount) == "1800.00"
