import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.complaints import services
from fangxin.complaints.models import Case, Evidence

NEW = "/complaints/new/"
STATUS = "/complaints/status/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "kind": "complaint",
        "complainant_name": "王小明",
        "complainant_phone": "13812345678",
        "respondent_name": "兴县强身健身俱乐部",
        "respondent_address": "兴县蔚汾镇文化街22号",
        "occurred_on": "2026-11-02",
        "amount": "2680",
        "claim": "退还年卡余额",
        "facts": "健身房停业，拒绝退款。",
    }
    data.update(overrides)
    return data


def test_consumer_files_through_the_web_form_and_sees_the_number(client, org):
    response = client.post(NEW, form_data())
    assert response.url == "/complaints/filed/"
    page = client.get("/complaints/filed/").content.decode()
    case = Case.objects.get()
    assert case.tracking_no in page
    assert case.channel == "web" and case.unit == org["unit"]


def test_form_errors_are_shown_per_field_and_nothing_is_saved(client, org):
    response = client.post(
        NEW, form_data(complainant_phone="123", occurred_on="2999-01-01", claim="")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "手机号码应为11位数字" in body
    assert "请填写诉求" in body
    assert not Case.objects.exists()


def test_service_rule_errors_land_on_the_right_field(client, org):
    body = client.post(NEW, form_data(occurred_on="2999-01-01")).content.decode()
    assert "发生日期不能晚于今天" in body


def test_evidence_photo_is_stored_with_the_case(client, org):
    photo = SimpleUploadedFile("收据.png", PNG, content_type="image/png")
    client.post(NEW, {**form_data(), "evidence": [photo]})
    item = Evidence.objects.get()
    assert item.content_type == "image/png" and item.original_name == "收据.png"
    assert not item.file.name.endswith("收据.png")


def test_a_file_pretending_to_be_an_image_is_refused(client, org):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    body = client.post(NEW, {**form_data(), "evidence": [fake]}).content.decode()
    assert "不是有效的图片" in body
    assert not Case.objects.exists() and not Evidence.objects.exists()


def test_an_oversized_file_is_refused(client, org):
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    body = client.post(NEW, {**form_data(), "evidence": [big]}).content.decode()
    assert "超过10MB" in body
    assert not Case.objects.exists()


def test_anonymous_report_through_the_form(client, org):
    client.post(NEW, form_data(kind="report", complainant_name="", complainant_phone=""))
    assert Case.objects.get().is_anonymous


def test_status_page_shows_progress_without_personal_data(client, org):
    client.post(NEW, form_data())
    case = Case.objects.get()
    body = client.post(
        STATUS, {"tracking_no": case.tracking_no, "phone_last4": "5678"}
    ).content.decode()
    assert "待受理" in body and "已收到您的投诉" in body
    assert "王小明" not in body and "13812345678" not in body


def test_wrong_digits_give_one_neutral_message(client, org):
    client.post(NEW, form_data())
    case = Case.objects.get()
    body = client.post(
        STATUS, {"tracking_no": case.tracking_no, "phone_last4": "0000"}
    ).content.decode()
    assert "未找到该编号的记录，或手机号后四位不符" in body


def test_complainant_rates_a_closed_case_once(client, personas, org):
    client.post(NEW, form_data())
    case = Case.objects.get()
    services.case_accept(actor=personas["handler"], case=case)
    services.case_close(actor=personas["handler"], case=case, outcome="settled", note="已退款")
    lookup = {"tracking_no": case.tracking_no, "phone_last4": "5678"}
    assert 'id="rating-form"' in client.post(STATUS, lookup).content.decode()
    client.post(STATUS, {**lookup, "action": "rate", "satisfaction": "5", "comment": "处理及时"})
    case.refresh_from_db()
    assert (case.satisfaction, case.satisfaction_comment) == (5, "处理及时")
    assert 'id="rating-form"' not in client.post(STATUS, lookup).content.decode()


def test_open_case_cannot_be_rated(client, org):
    client.post(NEW, form_data())
    case = Case.objects.get()
    client.post(
        STATUS,
        {
            "tracking_no": case.tracking_no,
            "phone_last4": "5678",
            "action": "rate",
            "satisfaction": "1",
        },
    )
    case.refresh_from_db()
    assert case.satisfaction is None


def test_filing_page_works_without_javascript(client, org):
    body = client.get(NEW).content.decode()
    assert 'enctype="multipart/form-data"' in body and 'method="post"' in body
    assert "hx-" not in body.split("<main", 1)[1]
