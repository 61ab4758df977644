"""Publicity as a unit head records it and a visitor reads it on the news page."""

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_journeys import sign_in
from tests.campaigns.factories import campaign
from tests.conftest import PASSWORD
from tests.outreach.factories import png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_records_an_event_with_a_photo_publishes_it_and_a_visitor_reads_it(
    page, live_server, org, personas, tmp_path
):
    campaign(org)
    photo = tmp_path / "现场.png"
    photo.write_bytes(png(size=(64, 48)).read())
    sign_in(page, live_server.url, "head", PASSWORD)
    page.goto(f"{live_server.url}/staff/outreach/new/")
    page.get_by_label("类别").select_option(label="五进")
    page.get_by_label("五进场所").select_option(label="学校")
    page.get_by_label("标题").fill("消费维权进校园")
    page.get_by_label("活动日期").fill("2026-03-11")
    page.get_by_label("地点").fill("兴县第一中学报告厅")
    page.get_by_label("承办单位").select_option(label="蔚汾市场监管所")
    page.get_by_label("参与群众（人次）").fill("-20")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("参与群众（人次）不能为负数。").is_visible()
    page.get_by_label("参与群众（人次）").fill("600")
    page.get_by_label("发放宣传资料（份）").fill("650")
    page.get_by_role("button", name="保存").click()
    assert page.locator("#event-state").inner_text() == "草稿"

    page.get_by_label("照片（JPG/PNG/WebP/GIF，不超过5MB）").set_input_files(str(photo))
    page.get_by_label("说明").fill("学生领取宣传资料")
    page.get_by_role("button", name="上传").click()
    assert page.locator("#photos img").evaluate("img => img.naturalWidth") == 64
    page.get_by_role("button", name="发布到新闻页").click()
    assert page.locator("#event-state").inner_text() == "已发布"
    shoot(page, "outreach-staff-event")

    visitor = page.context.browser.new_context(locale="zh-CN")
    news = visitor.new_page()
    news.goto(f"{live_server.url}/news/")
    assert "已开展宣传活动 1 场，参与群众 600 人次" in news.locator("#news-totals").inner_text()
    news.get_by_role("link", name="消费维权进校园").click()
    assert news.locator("#photos img").evaluate("img => img.naturalWidth") == 64
    assert "学生领取宣传资料" in news.locator("#photos").inner_text()
    shoot(news, "outreach-news-event")
    visitor.close()
