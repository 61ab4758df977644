"""Holes found in review, each shown closed."""

import threading

import pyotp
import pytest
from django.db import connection
from django.test import override_settings

from fangxin.accounts.models import LoginAttempt, Role
from fangxin.accounts.services import totp_enable, totp_new_secret, user_reset_password, user_update
from fangxin.audit.models import AuditEvent
from tests.conftest import PASSWORD

TOKEN = "/api/v1/auth/token"


def token_for(client, username, password=PASSWORD):
    return client.post(
        TOKEN, {"username": username, "password": password}, content_type="application/json"
    )


@override_settings(FANGXIN_REQUIRE_ADMIN_2FA=True)
def test_admin_without_second_factor_gets_no_api_token_in_production(client, personas):
    response = token_for(client, "admin")
    assert response.status_code == 403
    assert "两步验证" in response.json()["detail"]


def test_account_that_must_change_its_password_gets_no_token(client, personas):
    user_reset_password(
        actor=personas["bureau_admin"], user=personas["handler"], password="Reset-Passw0rd-1"
    )
    response = token_for(client, "handler", "Reset-Passw0rd-1")
    assert response.status_code == 403


def test_tokens_end_when_the_password_is_reset(client, personas):
    token = token_for(client, "handler").json()["token"]
    user_reset_password(
        actor=personas["bureau_admin"], user=personas["handler"], password="Reset-Passw0rd-1"
    )
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_bureau_admin_cannot_manage_the_installation_admin(client, personas):
    client.force_login(personas["bureau_admin"])
    assert client.get(f"/staff/users/{personas['admin'].pk}/").status_code == 404
    assert (
        client.post(
            f"/staff/users/{personas['admin'].pk}/",
            {"form": "reset", "password": "Takeover-Passw0rd1"},
        ).status_code
        == 404
    )
    assert ">admin<" not in client.get("/staff/users/").content.decode()


def test_demoted_installation_admin_loses_installation_rights_for_good(personas):
    admin = personas["admin"]
    user_update(actor=personas["admin"], user=admin, role=Role.LEADER)
    user_update(actor=personas["admin"], user=admin, role=Role.ADMIN)
    admin.refresh_from_db()
    assert admin.is_superuser is False


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_get_at_most_five_password_checks(client, personas):
    from fangxin.accounts.signin import sign_in_password

    barrier = threading.Barrier(12)

    def guess(i):
        try:
            barrier.wait()
            sign_in_password(username="handler", password=f"wrong-{i}", address=f"10.7.0.{i}")
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    checked = AuditEvent.objects.filter(action="auth.login_failed").count()
    refused = AuditEvent.objects.filter(action="auth.locked_out").count()
    assert checked <= 5
    assert checked + refused == 12
    assert LoginAttempt.objects.filter(username="handler", succeeded=False).count() == checked


class TestSecondFactor:
    @pytest.fixture
    def secret(self, personas):
        secret = totp_new_secret()
        user = personas["handler"]
        totp_enable(actor=user, user=user, secret=secret, code=pyotp.TOTP(secret).now())
        return secret

    def test_a_code_is_accepted_only_once(self, client, personas, secret):
        code = pyotp.TOTP(secret).now()
        client.post("/accounts/login/", {"username": "handler", "password": PASSWORD})
        assert client.post("/accounts/login/otp/", {"code": code}).status_code == 302
        client.logout()
        client.post("/accounts/login/", {"username": "handler", "password": PASSWORD})
        body = client.post("/accounts/login/otp/", {"code": code}).content.decode()
        assert "已使用过" in body

    def test_login_is_audited_only_after_the_second_factor(self, client, personas, secret):
        client.post("/accounts/login/", {"username": "handler", "password": PASSWORD})
        client.post("/accounts/login/otp/", {"code": "000000"})
        actions = list(
            AuditEvent.objects.filter(actor_label="handler").values_list("action", flat=True)
        )
        assert "auth.otp_failed" in actions and "auth.login" not in actions

    def test_a_correct_password_does_not_reset_the_count_before_the_code(
        self, client, personas, secret
    ):
        for _ in range(3):
            client.post("/accounts/login/", {"username": "handler", "password": PASSWORD})
            client.post("/accounts/login/otp/", {"code": "000000"})
        body = client.post(
            "/accounts/login/", {"username": "handler", "password": PASSWORD}
        ).content.decode()
        assert "已暂时锁定" in body

    def test_turning_the_second_factor_off_needs_the_password(self, client, personas, secret):
        client.force_login(personas["handler"])
        client.post("/accounts/security/totp/disable/", {"password": "wrong"})
        personas["handler"].refresh_from_db()
        assert personas["handler"].totp_enabled
        client.post("/accounts/security/totp/disable/", {"password": PASSWORD})
        personas["handler"].refresh_from_db()
        assert not personas["handler"].totp_enabled


def test_unlock_applies_whatever_the_case_of_the_username(client, personas):
    from fangxin.accounts.services import user_unlock

    for i in range(5):
        client.post(
            "/accounts/login/",
            {"username": "HANDLER", "password": f"x{i}"},
            REMOTE_ADDR=f"10.8.0.{i}",
        )
    user_unlock(actor=personas["bureau_admin"], user=personas["handler"])
    response = client.post(
        "/accounts/login/", {"username": "handler", "password": PASSWORD}, REMOTE_ADDR="10.8.0.99"
    )
    assert response.status_code == 302
