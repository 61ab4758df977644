from django.urls import reverse

from fangxin.accounts.models import User
from fangxin.audit.models import AuditEvent
from tests.conftest import PASSWORD

LIST = "/staff/users/"
NEW = "/staff/users/new/"


def new_user_data(org, **overrides):
    data = {
        "username": "zhangwei",
        "full_name": "张伟",
        "phone": "139 1234 5678",
        "role": "handler",
        "units": [org["unit"].pk],
        "password": "Temp-Passw0rd-1",
    }
    data.update(overrides)
    return data


def test_administrator_creates_a_handler_in_a_unit(client, personas, org):
    client.force_login(personas["bureau_admin"])
    response = client.post(NEW, new_user_data(org))
    user = User.objects.get(username="zhangwei")
    assert response.url == f"/staff/users/{user.pk}/"
    assert (user.bureau, user.phone, user.must_change_password) == (
        org["bureau"],
        "13912345678",
        True,
    )
    assert list(user.memberships.values_list("unit__name", flat=True)) == ["蔚汾市场监管所"]
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.changes["phone"] == "139****5678"


def test_new_user_must_change_the_temporary_password_first(client, personas, org):
    client.force_login(personas["bureau_admin"])
    client.post(NEW, new_user_data(org))
    client.logout()
    client.post("/accounts/login/", {"username": "zhangwei", "password": "Temp-Passw0rd-1"})
    assert client.get("/staff/").url == reverse("accounts:password_change")


def test_bad_input_is_reported_per_field_and_nothing_is_created(client, personas, org):
    client.force_login(personas["bureau_admin"])
    body = client.post(
        NEW, new_user_data(org, username="a", phone="12345", password="short")
    ).content.decode()
    assert "用户名为3–30位" in body
    body = client.post(NEW, new_user_data(org, phone="12345", password="short")).content.decode()
    assert "手机号码" in body and "至少需要10个字符" in body
    assert not User.objects.filter(username="zhangwei").exists()


def test_duplicate_username_is_refused_whatever_the_case(client, personas, org):
    client.force_login(personas["bureau_admin"])
    body = client.post(NEW, new_user_data(org, username="Handler")).content.decode()
    assert "该用户名已被使用" in body


def test_unit_of_another_bureau_cannot_be_chosen(client, personas, org):
    client.force_login(personas["bureau_admin"])
    body = client.post(NEW, new_user_data(org, units=[org["other_unit"].pk])).content.decode()
    assert "所选单位无效" in body
    assert not User.objects.filter(username="zhangwei").exists()


def test_list_shows_only_own_bureau_and_searches(client, personas):
    client.force_login(personas["bureau_admin"])
    body = client.get(LIST).content.decode()
    assert "handler2" in body and "outsider" not in body and "consumer" not in body
    body = client.get(LIST, {"q": "handler2"}).content.decode()
    assert ">handler2<" in body and ">leader<" not in body


def test_account_of_another_bureau_answers_404(client, personas):
    client.force_login(personas["bureau_admin"])
    assert client.get(f"/staff/users/{personas['outsider'].pk}/").status_code == 404


def test_administrator_unlocks_a_locked_account(client, personas):
    for i in range(5):
        client.post(
            "/accounts/login/",
            {"username": "handler", "password": f"x{i}"},
            REMOTE_ADDR=f"10.3.0.{i}",
        )
    client.force_login(personas["bureau_admin"])
    url = f"/staff/users/{personas['handler'].pk}/"
    assert "已锁定" in client.get(url).content.decode()
    client.post(url, {"form": "unlock"})
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "handler", "password": PASSWORD}, REMOTE_ADDR="10.3.0.99"
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.unlock").exists()


def test_administrator_deactivates_an_account_and_it_can_no_longer_sign_in(client, personas):
    client.force_login(personas["bureau_admin"])
    client.post(
        f"/staff/users/{personas['handler'].pk}/",
        {"form": "edit", "full_name": "孙志强", "phone": "", "role": "handler"},
    )
    client.logout()
    body = client.post(
        "/accounts/login/", {"username": "handler", "password": PASSWORD}
    ).content.decode()
    assert "用户名或密码错误" in body


def test_administrator_cannot_deactivate_themselves(client, personas):
    admin = personas["bureau_admin"]
    client.force_login(admin)
    body = client.post(
        f"/staff/users/{admin.pk}/", {"form": "edit", "full_name": "x", "role": "admin"}
    ).content.decode()
    assert "不能停用自己的账户" in body


def test_membership_add_and_remove_are_audited(client, personas, org):
    client.force_login(personas["bureau_admin"])
    handler = personas["handler"]
    client.post(f"/staff/users/{handler.pk}/", {"form": "membership", "unit": org["unit2"].pk})
    membership = handler.memberships.get(unit=org["unit2"])
    client.post(f"/staff/users/{handler.pk}/memberships/{membership.pk}/remove/")
    assert not handler.memberships.filter(unit=org["unit2"]).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"membership.add", "membership.remove"} <= actions


def test_password_reset_forces_a_change_at_next_sign_in(client, personas):
    client.force_login(personas["bureau_admin"])
    client.post(
        f"/staff/users/{personas['handler'].pk}/", {"form": "reset", "password": "Reset-Passw0rd-9"}
    )
    client.logout()
    client.post("/accounts/login/", {"username": "handler", "password": "Reset-Passw0rd-9"})
    assert client.get("/staff/").url == reverse("accounts:password_change")
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Reset-Passw0rd-9",
            "new_password": "Own-Passw0rd-77",
            "new_password_again": "Own-Passw0rd-77",
        },
    )
    assert client.get("/staff/").status_code == 200
