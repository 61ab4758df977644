import datetime

import pyotp
import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from fangxin.accounts.models import LoginAttempt
from fangxin.accounts.services import totp_enable, totp_new_secret
from fangxin.audit.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def post_login(client, username, password, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_handler_signs_in_and_sees_staff_home(client, personas):
    response = post_login(client, "handler", PASSWORD)
    assert response.status_code == 302
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "蔚汾市场监管所" in page.content.decode()


def test_wrong_password_is_answered_in_chinese_without_saying_which_part(client, personas):
    response = post_login(client, "handler", "wrong-password")
    assert "用户名或密码错误" in response.content.decode()
    response = post_login(client, "nobody", "wrong-password", address="10.1.1.2")
    assert "用户名或密码错误" in response.content.decode()


def test_empty_form_reports_each_field(client, personas):
    body = client.post(LOGIN, {}).content.decode()
    assert "请输入用户名" in body and "请输入密码" in body


def test_account_is_locked_after_five_failures_even_for_the_right_password(client, personas):
    for i in range(5):
        post_login(client, "handler", f"wrong-{i}", address=f"10.0.0.{i}")
    response = post_login(client, "handler", PASSWORD, address="10.0.0.99")
    assert "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_address_is_locked_after_five_failures_across_accounts(client, personas):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        post_login(client, name, "wrong", address="10.9.9.9")
    response = post_login(client, "handler", PASSWORD, address="10.9.9.9")
    assert "已暂时锁定" in response.content.decode()
    assert post_login(client, "handler", PASSWORD, address="10.9.9.10").status_code == 302


def test_lock_ends_after_fifteen_minutes(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i in range(5):
            post_login(client, "handler", f"wrong-{i}")
        assert "已暂时锁定" in post_login(client, "handler", PASSWORD).content.decode()
        traveller.shift(datetime.timedelta(minutes=16))
        assert post_login(client, "handler", PASSWORD).status_code == 302


def test_success_resets_the_account_counter(client, personas):
    for i in range(4):
        post_login(client, "handler", f"wrong-{i}", address="10.2.0.1")
    assert post_login(client, "handler", PASSWORD, address="10.2.0.2").status_code == 302
    client.logout()
    post_login(client, "handler", "wrong-again", address="10.2.0.3")
    assert post_login(client, "handler", PASSWORD, address="10.2.0.4").status_code == 302


def test_every_attempt_is_recorded_and_audited(client, personas):
    post_login(client, "handler", "wrong")
    post_login(client, "handler", PASSWORD)
    assert LoginAttempt.objects.filter(username="handler").count() == 2
    actions = list(
        AuditEvent.objects.filter(actor_label="handler").values_list("action", flat=True)
    )
    assert "auth.login_failed" in actions and "auth.login" in actions


def test_idle_session_times_out_after_thirty_minutes(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        post_login(client, "handler", PASSWORD)
        assert client.get("/staff/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        assert "_auth_user_id" not in client.session


@override_settings(FANGXIN_IDLE_TIMEOUT_MINUTES=5)
def test_idle_timeout_is_configurable(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        post_login(client, "handler", PASSWORD)
        traveller.shift(datetime.timedelta(minutes=6))
        assert client.get("/staff/").status_code == 302


def test_open_redirect_after_login_is_refused(client, personas):
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"username": "handler", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.url == "/"


def test_logout_needs_post_and_ends_the_session(client, personas):
    post_login(client, "handler", PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/staff/").status_code == 302


class TestTwoFactor:
    def test_user_with_totp_must_enter_a_code(self, client, personas):
        secret = totp_new_secret()
        user = personas["handler"]
        totp_enable(actor=user, user=user, secret=secret, code=pyotp.TOTP(secret).now())
        response = post_login(client, "handler", PASSWORD)
        assert response.url.startswith(reverse("accounts:login_otp"))
        assert "_auth_user_id" not in client.session
        wrong = client.post(reverse("accounts:login_otp"), {"code": "000000"})
        assert "验证码不正确" in wrong.content.decode()
        ok = client.post(reverse("accounts:login_otp"), {"code": pyotp.TOTP(secret).now()})
        assert ok.status_code == 302
        assert client.get("/staff/").status_code == 200

    def test_wrong_codes_count_towards_lockout(self, client, personas):
        secret = totp_new_secret()
        user = personas["handler"]
        totp_enable(actor=user, user=user, secret=secret, code=pyotp.TOTP(secret).now())
        post_login(client, "handler", PASSWORD)
        for _ in range(5):
            client.post(reverse("accounts:login_otp"), {"code": "000000"})
        response = client.post(reverse("accounts:login_otp"), {"code": pyotp.TOTP(secret).now()})
        assert "已暂时锁定" in response.content.decode()

    def test_anyone_can_enable_totp_from_the_security_page(self, client, personas):
        client.force_login(personas["consumer"])
        page = client.get(reverse("accounts:totp_setup"))
        secret = page.context["secret"]
        assert "<svg" in page.content.decode()
        client.post(reverse("accounts:totp_setup"), {"code": pyotp.TOTP(secret).now()})
        personas["consumer"].refresh_from_db()
        assert personas["consumer"].totp_enabled

    def test_enabling_with_a_wrong_code_is_refused(self, client, personas):
        client.force_login(personas["consumer"])
        client.get(reverse("accounts:totp_setup"))
        response = client.post(reverse("accounts:totp_setup"), {"code": "123456"})
        assert "验证码不正确" in response.content.decode()
        personas["consumer"].refresh_from_db()
        assert not personas["consumer"].totp_enabled

    @override_settings(FANGXIN_REQUIRE_ADMIN_2FA=True)
    def test_administrator_without_totp_is_sent_to_set_it_up_in_production(self, client, personas):
        post_login(client, "admin", PASSWORD)
        response = client.get("/staff/audit/")
        assert response.status_code == 302
        assert response.url == reverse("accounts:totp_setup")

    def test_administrator_may_work_without_totp_in_the_demo(self, client, personas):
        post_login(client, "admin", PASSWORD)
        assert client.get("/staff/audit/").status_code == 200


class TestPasswords:
    @pytest.mark.parametrize(
        "password,message",
        [
            ("Ab1!", "至少需要10个字符"),
            ("abcdefghij1", "至少包含"),
            ("ABCDEFGHIJK", "至少包含"),
        ],
    )
    def test_weak_password_is_rejected_with_a_chinese_reason(
        self, client, personas, password, message
    ):
        client.force_login(personas["handler"])
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password": password, "new_password_again": password},
        )
        assert message in response.content.decode()
        personas["handler"].refresh_from_db()
        assert personas["handler"].check_password(PASSWORD)

    def test_password_change_keeps_the_session_and_is_audited(self, client, personas):
        client.force_login(personas["handler"])
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password": "New-Passw0rd-2026",
                "new_password_again": "New-Passw0rd-2026",
            },
        )
        assert response.status_code == 302
        assert client.get("/staff/").status_code == 200
        assert AuditEvent.objects.filter(action="user.set_password").exists()

    def test_wrong_current_password_is_refused(self, client, personas):
        client.force_login(personas["handler"])
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "nope",
                "new_password": "New-Passw0rd-2026",
                "new_password_again": "New-Passw0rd-2026",
            },
        )
        assert "当前密码不正确" in response.content.decode()

    def test_expired_password_must_be_changed_first(self, client, personas):
        user = personas["handler"]
        user.password_changed_at = timezone.now() - datetime.timedelta(days=91)
        user.save(update_fields=["password_changed_at"])
        client.force_login(user)
        response = client.get("/staff/")
        assert response.url == reverse("accounts:password_change")
