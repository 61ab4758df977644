import datetime

import pytest
from django.utils import timezone

from fangxin.engagement.models import PhoneChallenge

pytestmark = pytest.mark.django_db


def test_a_visitor_verifies_a_number_with_the_code_sent_to_it(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "139 1234 5678", "next": "/quiz/"})
    response = client.post(
        "/verify/",
        {
            "step": "code",
            "phone": "13912345678",
            "code": sms.last_code("13912345678"),
            "next": "/quiz/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/quiz/"
    assert client.session["fangxin_verified_phone"]["phone"] == "13912345678"


def test_the_code_is_stored_only_as_a_hash(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    code = sms.last_code("13912345678")
    assert code not in PhoneChallenge.objects.get().code_hash


def test_a_wrong_code_is_refused_with_the_tries_left(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    wrong = "000000" if sms.last_code("13912345678") != "000000" else "111111"
    response = client.post("/verify/", {"step": "code", "phone": "13912345678", "code": wrong})
    assert response.status_code == 400
    assert "还可以再试4次" in response.content.decode()
    assert "fangxin_verified_phone" not in client.session


def test_five_wrong_codes_spend_the_code(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    code = sms.last_code("13912345678")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post("/verify/", {"step": "code", "phone": "13912345678", "code": wrong})
    response = client.post("/verify/", {"step": "code", "phone": "13912345678", "code": code})
    assert response.status_code == 400
    assert "请重新获取" in response.content.decode()


def test_an_expired_code_is_refused(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    PhoneChallenge.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(
        "/verify/",
        {"step": "code", "phone": "13912345678", "code": sms.last_code("13912345678")},
    )
    assert response.status_code == 400


def test_a_malformed_number_gets_a_chinese_message_and_no_code(client, sms):
    response = client.post("/verify/", {"step": "phone", "phone": "12345"})
    assert response.status_code == 400
    assert "手机号码" in response.content.decode()
    assert PhoneChallenge.objects.count() == 0 and sms.MemoryGateway.sent == []


def test_a_second_code_within_a_minute_is_refused(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    response = client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    assert response.status_code == 400
    assert "1分钟后再试" in response.content.decode()
    assert PhoneChallenge.objects.count() == 1


def test_one_address_cannot_verify_a_block_of_numbers(client, sms):
    for i in range(30):
        client.post("/verify/", {"step": "phone", "phone": f"139000000{i:02d}"})
    response = client.post("/verify/", {"step": "phone", "phone": "13900000099"})
    assert response.status_code == 400
    assert "过于频繁" in response.content.decode()
    assert PhoneChallenge.objects.count() == 30


def test_next_cannot_send_the_visitor_off_site(client, sms):
    client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    response = client.post(
        "/verify/",
        {
            "step": "code",
            "phone": "13912345678",
            "code": sms.last_code("13912345678"),
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_the_message_log_masks_the_number(client, caplog):
    with caplog.at_level("INFO", logger="fangxin.sms"):
        client.post("/verify/", {"step": "phone", "phone": "13912345678"})
    assert "13912345678" not in caplog.text and "139****5678" in caplog.text
