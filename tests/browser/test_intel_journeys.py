"""Text intelligence as staff use it: confirm the suggested category, handle a mass complaint
as one matter, read the hotspots and the satisfaction comments."""

import pytest

from fangxin.complaints import services
from fangxin.intel.mass import mass_scan
from fangxin.intel.models import MassComplaint
from fangxin.messaging.models import OutboundSms
from tests.browser.conftest import shoot
from tests.browser.test_journeys import sign_in
from tests.conftest import PASSWORD
from tests.intel.test_intel import GYM, _file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_handler_confirms_a_category_and_answers_a_mass_complaint_at_once(
    page, live_server, personas, org
):
    cases = [
        _file(
            personas["handler"], text, phone=f"1390000000{i}", name="兴县强身健身俱乐部", days_ago=1
        )
        for i, text in enumerate(GYM)
    ]
    mass_scan(bureau_id=org["bureau"].pk)
    mass = MassComplaint.objects.get()
    sign_in(page, live_server.url, "handler", PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{cases[0].tracking_no}/")
    card = page.locator("#category")
    assert "建议" in card.locator("#suggestion").inner_text()
    card.get_by_label("行业（领域）").select_option("预付式消费")
    card.get_by_label("问题类别").select_option("合同")
    card.get_by_role("button", name="确认分类").click()
    assert page.locator("#category").get_by_text("已确认").is_visible()
    shoot(page, "intel-category-confirmed")
    page.locator("#mass-link").get_by_role("link").click()
    assert page.locator("#mass-cases tbody tr").count() == mass.size == 5
    reply = page.locator("#mass-reply")
    reply.get_by_label("统一答复（发送给全部投诉人）").fill(
        "您反映的健身房停业问题已立案核查，我局将统一组织调解，请保留会员卡和付款凭证。"
    )
    reply.get_by_role("button", name="发送给全部投诉人").click()
    assert page.get_by_text("已向 5 件投诉发送统一答复。").is_visible()
    assert OutboundSms.objects.filter(text__contains="统一组织调解").count() == 5
    shoot(page, "intel-mass-replied")
    page.goto(f"{live_server.url}/staff/intel/hotspots/?dimension=merchant&period=week")
    assert "兴县强身健身俱乐部" in page.locator("#top").inner_text()
    shoot(page, "intel-hotspots")


def test_handler_reads_the_satisfaction_comments_with_their_tone(page, live_server, personas):
    handler = personas["handler"]
    for score, comment in [
        (5, "处理很及时，工作人员态度特别好，点赞！"),
        (5, "太失望了，拖了一个月才有结果。"),
    ]:
        case = _file(
            handler, "健身房停业，拒绝退款。", phone="13900000009", name="兴县某健身房", days_ago=3
        )
        services.case_accept(actor=handler, case=case)
        services.case_close(actor=handler, case=case, outcome="agreement", note="达成协议。")
        services.case_rate(case=case, satisfaction=score, comment=comment)
    sign_in(page, live_server.url, "handler", PASSWORD)
    page.goto(f"{live_server.url}/staff/intel/feedback/")
    assert "评价 2 件" in page.locator("#feedback-summary").inner_text()
    page.get_by_label("只看评分与评语不一致").check()
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("#feedback tbody tr")
    assert rows.count() == 1 and "太失望了" in rows.inner_text()
    shoot(page, "intel-feedback")
