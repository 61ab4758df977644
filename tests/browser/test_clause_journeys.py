"""Format-clause review as a merchant and a reviewer use it."""

from pathlib import Path

import pytest

from fangxin.clauses.models import ClauseDocument
from fangxin.merchants.models import MerchantAccount
from tests.browser.conftest import shoot
from tests.browser.test_journeys import sign_in
from tests.conftest import PASSWORD
from tests.pledges.factories import reviewer, shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTICE_PHOTO = Path(__file__).resolve().parents[1] / "clauses" / "fixtures" / "notice.png"


def test_merchant_uploads_a_notice_photo_and_downloads_the_notice_after_review(
    page, live_server, org, personas, tmp_path
):
    MerchantAccount.objects.create(
        user=personas["merchant"], merchant=shop(org, name="兴县好运超市")
    )
    head = reviewer(org)
    sign_in(page, live_server.url, "merchant", PASSWORD)
    page.goto(f"{live_server.url}/merchant/clauses/new/")
    page.get_by_label("文件名称").fill("顾客须知（店堂告示）")
    page.get_by_label("或上传文件（Word、PDF、照片）").set_input_files(str(NOTICE_PHOTO))
    page.get_by_role("button", name="提交").click()
    marks = page.locator("#clause-text mark")
    assert marks.count() >= 3
    assert "最终解释权" in page.locator("#clause-text").inner_text()
    shoot(page, "clauses-merchant-findings")
    document = ClauseDocument.objects.get()

    staff = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    desk = staff.new_page()
    sign_in(desk, live_server.url, head.username, PASSWORD)
    desk.goto(f"{live_server.url}/staff/clauses/{document.pk}/")
    desk.get_by_role("button", name="其余全部确认").click()
    desk.get_by_role("button", name="完成审核").click()
    assert desk.locator("#document-status").inner_text() == "已审核，待下达整改"
    desk.locator("#step-notice_issue").get_by_role("button", name="下达").click()
    assert desk.locator("#document-status").inner_text() == "整改中"
    shoot(desk, "clauses-staff-notice")
    staff.close()

    page.reload()
    with page.expect_download() as download:
        page.locator("#notice-download").click()
    saved = tmp_path / "notice.docx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(saved).paragraphs)
    assert "责令整改通知书" in text and "兴县好运超市" in text
