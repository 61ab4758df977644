"""Answering a satisfaction survey on a phone-sized screen, without help from JavaScript."""

import pytest

from fangxin.surveys.models import Survey, SurveyResponse
from tests.browser.conftest import shoot
from tests.surveys.factories import survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(phone) -> None:
    phone.get_by_label("是", exact=True).check()
    phone.get_by_label("12315", exact=True).check()
    phone.get_by_label("意见和建议").fill("工作人员很耐心，处理得很及时。")
    phone.get_by_role("button", name="提交").click()


def test_a_visitor_answers_a_survey_on_a_phone(phone, live_server, org, personas):
    built = survey(org, personas)
    phone.goto(f"{live_server.url}/surveys/{built.pk}/")
    assert phone.get_by_role("heading", name="消费环境满意度测评").is_visible()
    assert phone.get_by_text("若第1题选择“是”，请回答本题").is_visible()
    _answer(phone)
    # The rating was left out: the page says so next to the question and keeps the rest.
    assert (
        phone.locator(f"#field-{built.questions.get(position=3).field_name}")
        .get_by_text("请打分。")
        .is_visible()
    )
    assert phone.get_by_label("12315", exact=True).is_checked()
    shoot(phone, "survey-phone-missing-rating")
    phone.get_by_label("4分", exact=True).check()
    phone.get_by_role("button", name="提交").click()
    assert phone.get_by_role("heading", name="提交成功，感谢您的参与！").is_visible()
    shoot(phone, "survey-phone-thanks")
    assert SurveyResponse.objects.filter(survey=built).count() == 1
    phone.goto(f"{live_server.url}/surveys/{built.pk}/")
    assert phone.get_by_text("您已参加过本次测评").is_visible()


def test_a_visitor_verifies_the_number_then_answers_on_a_phone(
    phone, live_server, org, personas, sms
):
    built = survey(org, personas, mode=Survey.Mode.VERIFIED)
    phone.goto(f"{live_server.url}/surveys/{built.pk}/")
    phone.get_by_label("手机号码").fill("13912345678")
    phone.get_by_role("button", name="获取验证码").click()
    phone.get_by_label("短信验证码").fill(sms.last_code("13912345678"))
    phone.get_by_role("button", name="验证").click()
    assert phone.get_by_text("已验证手机号 139****5678").is_visible()
    shoot(phone, "survey-phone-verified")
    phone.get_by_label("5分", exact=True).check()
    _answer(phone)
    assert phone.get_by_role("heading", name="提交成功，感谢您的参与！").is_visible()
    assert SurveyResponse.objects.filter(survey=built).count() == 1


def test_a_leader_reads_the_results_and_downloads_them(page, live_server, org, personas, tmp_path):
    from fangxin.surveys import answering
    from tests.browser.test_journeys import sign_in
    from tests.conftest import PASSWORD
    from tests.surveys.factories import answers

    built = survey(org, personas)
    for n, (rating, comment) in enumerate(
        [("5", "服务很好，非常满意。"), ("2", "处理太慢，很失望。")]
    ):
        answering.response_submit(
            survey=built, answers=answers(built, rating=rating, comment=comment), token=f"t{n}"
        )
    sign_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/staff/surveys/{built.pk}/results/")
    assert page.locator("#response-count").inner_text() == "2 份"
    assert "服务很好" in page.locator(f"#result-{built.questions.get(position=4).pk}").inner_text()
    shoot(page, "survey-staff-results")
    with page.expect_download() as download:
        page.locator("#export").click()
    saved = tmp_path / "results.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"


def test_a_unit_head_builds_and_opens_a_survey(page, live_server, org, personas):
    from tests.browser.test_journeys import sign_in
    from tests.conftest import PASSWORD

    sign_in(page, live_server.url, "head", PASSWORD)
    page.goto(f"{live_server.url}/staff/surveys/")
    page.locator("#survey-new").click()
    page.get_by_label("名称").fill("农贸市场满意度测评")
    page.get_by_label("匿名填写").check()
    page.get_by_label("开始时间").fill("2026-03-01T09:00")
    page.get_by_label("截止时间").fill("2030-03-31T18:00")
    page.get_by_role("button", name="保存").click()
    form = page.locator("#question-new")
    form.get_by_label("题型").select_option("single")
    form.get_by_label("题目").fill("是否在农贸市场买到过缺斤短两的商品？")
    form.get_by_label("选项（选择题填写，每行一个）").fill("是\n否")
    form.get_by_role("button", name="添加").click()
    form = page.locator("#question-new")
    form.get_by_label("题型").select_option("text")
    form.get_by_label("题目").fill("请说明市场名称和经过")
    form.get_by_label("显示条件").select_option(label="第1题选“是”时显示")
    form.get_by_role("button", name="添加").click()
    assert "显示条件：第1题选“是”时显示" in page.locator("#questions").inner_text()
    page.locator("#move-open").get_by_role("button").click()
    assert page.locator("#survey-state").inner_text() == "进行中"
    assert page.locator("#question-new").count() == 0
    shoot(page, "survey-staff-builder")
    assert Survey.objects.get(title="农贸市场满意度测评").state == Survey.State.OPEN
