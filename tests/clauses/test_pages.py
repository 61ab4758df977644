"""Format-clause review over HTTP: uploads good and bad, who sees what, the notice download,
and the public 点评 with names masked and personal data redacted."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.clauses import services
from fangxin.clauses.extract import extract_pasted
from fangxin.clauses.models import ClauseDocument, ClauseReviewPublication
from fangxin.merchants.models import MerchantAccount
from tests.pledges.factories import reviewer, shop

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
NOTICE = "顾客须知\n一、顾客在店内健身时发生人身伤害的，本店概不负责。\n二、投诉电话12315。"


@pytest.fixture
def gym(org, personas):
    merchant = shop(org, name="兴县强身健身俱乐部")
    MerchantAccount.objects.create(user=personas["merchant"], merchant=merchant)
    return merchant


def _upload(client, name, content, title="店堂告示"):
    return client.post(
        "/merchant/clauses/new/",
        {"title": title, "sector": "", "file": SimpleUploadedFile(name, content)},
    )


def test_a_merchant_uploads_a_notice_photo_and_sees_the_findings_marked(gym, personas, login):
    client = login(personas["merchant"])
    response = _upload(client, "notice.png", (FIXTURES / "notice.png").read_bytes())
    document = ClauseDocument.objects.get()
    assert response.status_code == 302 and document.kind == "image" and document.file
    body = client.get(response.url).content.decode()
    assert '<mark class="sev-' in body and "最终解释权" in body
    assert "系统初筛结果" in body


def test_a_renamed_executable_is_refused_and_nothing_is_written(gym, personas, login):
    response = _upload(login(personas["merchant"]), "合同.docx", b"MZ\x90\x00" + b"\x00" * 400)
    assert response.status_code == 400
    assert "不支持的文件类型" in response.content.decode()
    assert not ClauseDocument.objects.exists()


def test_a_100_mb_upload_is_refused_and_nothing_is_written(gym, personas, login):
    response = _upload(login(personas["merchant"]), "big.pdf", b"%PDF-1.7\n" + b"0" * 100_000_000)
    assert response.status_code == 400 and "文件超过 20MB" in response.content.decode()
    assert not ClauseDocument.objects.exists()


def test_text_and_file_together_are_refused(gym, personas, login):
    response = login(personas["merchant"]).post(
        "/merchant/clauses/new/",
        {"title": "x", "text": NOTICE, "file": SimpleUploadedFile("a.txt", NOTICE.encode())},
    )
    assert response.status_code == 400 and "二选一" in response.content.decode()


def test_a_merchant_never_sees_another_merchants_document(gym, org, personas, login, make_user):
    from fangxin.accounts.models import Role

    document = services.document_submit(
        actor=personas["merchant"], extracted=extract_pasted(NOTICE), title="须知"
    )
    other = make_user("merchant2", Role.MERCHANT, bureau=None)
    MerchantAccount.objects.create(user=other, merchant=shop(org, name="兴县另一家店"))
    client = login(other)
    assert client.get(f"/merchant/clauses/{document.pk}/").status_code == 404
    assert client.get(f"/merchant/clauses/{document.pk}/notice.docx").status_code == 404
    assert login(personas["consumer"]).get("/merchant/clauses/").status_code == 403


def test_the_merchant_downloads_the_notice_once_issued(gym, org, personas, login):
    document = services.document_submit(
        actor=personas["merchant"], extracted=extract_pasted(NOTICE), title="须知"
    )
    staff = login(personas["handler"])
    for finding in document.findings.all():
        url = f"/staff/clauses/{document.pk}/findings/{finding.pk}/"
        assert staff.post(url, {"decision": "confirmed"}).status_code == 302
    staff.post(f"/staff/clauses/{document.pk}/review_complete/")
    head = login(reviewer(org))
    assert head.post(f"/staff/clauses/{document.pk}/notice_issue/", {}).status_code == 302
    merchant = login(personas["merchant"])
    download = merchant.get(f"/merchant/clauses/{document.pk}/notice.docx")
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_a_due_date_in_the_past_is_refused_in_chinese(gym, org, personas, login):
    document = services.document_submit(
        actor=personas["merchant"], extracted=extract_pasted(NOTICE), title="须知"
    )
    for finding in document.findings.all():
        services.finding_decide(actor=personas["handler"], finding=finding, decision="confirmed")
    services.review_complete(actor=personas["handler"], document=document)
    response = login(reviewer(org)).post(
        f"/staff/clauses/{document.pk}/notice_issue/", {"due_on": "2020-01-01"}
    )
    assert response.status_code == 400 and "整改期限应晚于今天" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "reviewed"


def test_the_public_review_masks_the_merchant_and_personal_data(gym, org, personas, login):
    text = "兴县强身健身俱乐部须知：会员张伟（13912345678）在店内发生人身伤害的，本店概不负责。"
    document = services.document_submit(
        actor=personas["merchant"], extracted=extract_pasted(text), title="须知"
    )
    for finding in document.findings.all():
        services.finding_decide(actor=personas["handler"], finding=finding, decision="confirmed")
    staff = login(personas["handler"])
    staff.post("/staff/clauses/reviews/", {"title": "2026年典型不公平格式条款点评"})
    publication = ClauseReviewPublication.objects.get()
    finding = document.findings.first()
    staff.post(
        f"/staff/clauses/reviews/{publication.pk}/add/",
        {"finding": finding.pk, "comment": "免除人身损害责任的条款无效。"},
    )
    staff.post(f"/staff/clauses/reviews/{publication.pk}/publish/")
    publication.refresh_from_db()
    assert publication.status == "draft"  # a handler may not publish
    login(reviewer(org)).post(f"/staff/clauses/reviews/{publication.pk}/publish/")
    body = login(personas["consumer"]).get(f"/clause-reviews/{publication.pk}/").content.decode()
    assert "某经营者" in body and "强身健身" not in body
    assert "13912345678" not in body and "张伟" not in body
    assert "第七条" in body


def test_a_draft_review_is_not_public(org, personas, client):
    draft = ClauseReviewPublication.objects.create(
        bureau=org["bureau"], title="草稿", created_by=personas["handler"]
    )
    assert client.get(f"/clause-reviews/{draft.pk}/").status_code == 404


def test_an_empty_upload_is_refused_in_chinese(gym, personas, login):
    response = _upload(login(personas["merchant"]), "空.docx", b"")
    assert response.status_code == 400 and "文件是空的" in response.content.decode()
    assert not ClauseDocument.objects.exists()


def test_a_traditional_character_notice_is_marked_in_its_own_characters(gym, personas):
    document = services.document_submit(
        actor=personas["merchant"],
        extracted=extract_pasted("本店特價商品一經售出，概不退換；本公司保留最終解釋權。"),
        title="告示",
    )
    matched = {f.matched_text() for f in document.findings.all()}
    assert any("最終解釋" in m for m in matched) and any("概不退換" in m for m in matched)
